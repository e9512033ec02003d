using System.Net;
using System.Text;
using System.Text.Json;
using VoiceSite.Simulator;
using VoiceSite.Tests.Pipeline;

namespace VoiceSite.Tests.Simulator;

/// <summary>The simulated chat completions at the wire.</summary>
public sealed class ChatSimulatorTests : IClassFixture<PipelineSiteFactory>
{
    private const string AzurePath = SimulatorEndpoints.OpenAIPath + "/openai/deployments/gpt-4o-mini/chat/completions?api-version=2025-04-01-preview";
    private readonly HttpClient _http;

    public ChatSimulatorTests(PipelineSiteFactory factory)
    {
        factory.ResetSimulator();
        _http = new HttpClient { BaseAddress = factory.ServerAddress };
    }

    private const string Body = """
        {"model":"gpt-4o-mini","messages":[
          {"role":"system","content":"You are a tour guide in Rome."},
          {"role":"user","content":"Hi"},
          {"role":"assistant","content":"Welcome!"},
          {"role":"user","content":[{"type":"text","text":"Where first?"}]}]%EXTRA%}
        """;

    private async Task<HttpResponseMessage> PostAsync(string path, string extra = "", string? apiKey = "simulator-key", string? bearer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(Body.Replace("%EXTRA%", extra), Encoding.UTF8, "application/json"),
        };
        if (apiKey is not null)
            request.Headers.Add("api-key", apiKey);
        if (bearer is not null)
            request.Headers.Authorization = new("Bearer", bearer);
        return await _http.SendAsync(request);
    }

    private static readonly string Expected = SimulatedReply.Compose("You are a tour guide in Rome.", 2, 3);

    [Fact]
    public async Task Non_streaming_answer_is_one_chat_completion()
    {
        using var response = await PostAsync(AzurePath);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal("chat.completion", json.GetProperty("object").GetString());
        var choice = json.GetProperty("choices")[0];
        Assert.Equal(Expected, choice.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        Assert.True(json.GetProperty("usage").GetProperty("completion_tokens").GetInt32() > 0);
    }

    [Fact]
    public async Task Streaming_answer_is_server_sent_chunks_ending_with_done()
    {
        using var response = await PostAsync(AzurePath, extra: ""","stream":true,"stream_options":{"include_usage":true}""");
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = (await response.Content.ReadAsStringAsync())
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => Assert.Single(e.Split('\n')))
            .ToList();

        Assert.All(events, e => Assert.StartsWith("data: ", e));
        Assert.Equal("data: [DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));

        var content = new StringBuilder();
        foreach (var chunk in chunks.Where(c => c.GetProperty("choices").GetArrayLength() > 0))
        {
            if (chunk.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var c))
                content.Append(c.GetString());
        }
        Assert.Equal(Expected, content.ToString());
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.Equal("stop", chunks[^2].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(0, chunks[^1].GetProperty("choices").GetArrayLength());
        Assert.True(chunks[^1].GetProperty("usage").GetProperty("total_tokens").GetInt32() > 0);
    }

    [Theory]
    [InlineData(SimulatorEndpoints.OpenAIPath + "/v1/chat/completions")]
    [InlineData(SimulatorEndpoints.OpenAIPath + "/openai/v1/chat/completions")]
    public async Task The_openai_shapes_take_a_bearer_key(string path)
    {
        using var response = await PostAsync(path, apiKey: null, bearer: "simulator-key");
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(Expected, json.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
    }

    [Fact]
    public async Task Keys_api_version_and_body_are_checked()
    {
        using var noKey = await PostAsync(AzurePath, apiKey: null);
        using var wrongKey = await PostAsync(AzurePath, apiKey: "nope");
        using var noVersion = await PostAsync(SimulatorEndpoints.OpenAIPath + "/openai/deployments/gpt-4o-mini/chat/completions");
        var empty = new HttpRequestMessage(HttpMethod.Post, AzurePath) { Content = new StringContent("""{"messages":[]}""", Encoding.UTF8, "application/json") };
        empty.Headers.Add("api-key", "simulator-key");
        using var noMessages = await _http.SendAsync(empty);

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noVersion.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noMessages.StatusCode);
        Assert.Equal("application/json", noKey.Content.Headers.ContentType?.MediaType);
    }
}
