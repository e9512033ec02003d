using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using VoiceSite.Simulator;
using VoiceSite.Voice.Pipeline;
using VoiceSite.Voice.Upstream;

namespace VoiceSite.Tests.Pipeline;

public sealed class ChatStreamerTests : IClassFixture<PipelineSiteFactory>
{
    private const string Instructions = "You are a friendly hotel receptionist. Greet the guest.";
    private static readonly ChatTurn[] History =
    [
        ChatTurn.User("Hello, I have a booking."),
        ChatTurn.Assistant("Welcome! May I have your name?"),
        ChatTurn.User(""), // blank turns are skipped
        ChatTurn.User("It is Smith."),
    ];

    private readonly PipelineSiteFactory _factory;

    public ChatStreamerTests(PipelineSiteFactory factory)
    {
        _factory = factory;
        factory.ResetSimulator();
    }

    [Fact]
    public async Task Deltas_stream_in_and_concatenate_to_the_reply()
    {
        var chat = _factory.Client<ChatStreamer>();
        await using var reply = await chat.StartAsync(Instructions, History);
        var deltas = new List<string>();
        await foreach (var delta in reply.ReadTextAsync())
            deltas.Add(delta);

        // Turn 2 (one assistant message before), 3 user and assistant messages in context.
        var expected = SimulatedReply.Compose(Instructions, turnNumber: 2, contextMessages: 3);
        Assert.Equal(expected, string.Concat(deltas));
        Assert.Equal(expected, reply.Text);
        Assert.True(deltas.Count > 10);
        Assert.True(reply.IsComplete);
        Assert.Equal("Stop", reply.FinishReason);
        Assert.NotNull(reply.TimeToFirstToken);
        Assert.True(reply.Usage is { OutputTokens: > 0, InputTokens: > 0 });
    }

    [Fact]
    public async Task The_openai_compatible_wire_shape_gives_the_same_reply()
    {
        var chat = ChatStreamerWith(new ChatOptions { Api = ChatApiKind.OpenAICompatible, Deployment = "gpt-test" });
        var text = string.Concat(await chat.StreamAsync(Instructions, History).ToListAsync());
        Assert.Equal(SimulatedReply.Compose(Instructions, 2, 3), text);
    }

    [Fact]
    public async Task A_first_turn_without_instructions()
    {
        var chat = _factory.Client<ChatStreamer>();
        var text = string.Concat(await chat.StreamAsync(null, [ChatTurn.User("Hi")]).ToListAsync());
        Assert.Equal(SimulatedReply.Compose(null, 1, 1), text);
    }

    [Theory]
    [InlineData(SimulatorFault.RejectKey, UpstreamFailure.Unauthorized, 401)]
    [InlineData(SimulatorFault.RateLimit, UpstreamFailure.RateLimited, 429)]
    [InlineData(SimulatorFault.Refuse, UpstreamFailure.ServiceError, 503)]
    public async Task Service_faults_are_thrown_at_the_start(SimulatorFault fault, UpstreamFailure failure, int status)
    {
        _factory.Simulator.Chat.Fault = fault;
        var chat = _factory.Client<ChatStreamer>();

        var error = await Assert.ThrowsAsync<UpstreamException>(() => chat.StartAsync(Instructions, History));

        Assert.Equal(UpstreamServiceKind.Chat, error.Service);
        Assert.Equal(failure, error.Failure);
        Assert.Equal(status, error.StatusCode);
        Assert.StartsWith("Chat: ", error.Message);
        Assert.DoesNotContain("simulator-key", error.ToString());
        if (fault == SimulatorFault.RateLimit)
            Assert.Equal(TimeSpan.FromSeconds(1), error.RetryAfter);
    }

    [Theory]
    [InlineData(SimulatorFault.RateLimit, 1)]  // a rate limit asks for seconds: fail the turn at once
    [InlineData(SimulatorFault.RejectKey, 1)]
    [InlineData(SimulatorFault.Refuse, 2)]     // a 503 is retried once, soon
    public async Task Retries_are_few_and_never_for_rate_limits(SimulatorFault fault, int requests)
    {
        _factory.Simulator.Chat.Fault = fault;
        var counter = new CountingHandler(new SocketsHttpHandler());
        var chat = ChatStreamerWith(new ChatOptions(), http: new HttpClient(counter));

        await Assert.ThrowsAsync<UpstreamException>(() => chat.StartAsync(Instructions, History));
        Assert.Equal(requests, counter.Requests);
    }

    [Fact]
    public async Task A_dropped_stream_is_reported_after_the_text_that_came()
    {
        _factory.Simulator.Chat.Fault = SimulatorFault.DropMidResponse;
        _factory.Simulator.Chat.WordDelayMs = 5;
        var chat = _factory.Client<ChatStreamer>();
        await using var reply = await chat.StartAsync(Instructions, History);
        var deltas = 0;

        var error = await Assert.ThrowsAsync<UpstreamException>(async () =>
        {
            await foreach (var _ in reply.ReadTextAsync())
                deltas++;
        });

        Assert.Equal(UpstreamFailure.Dropped, error.Failure);
        Assert.True(deltas > 0);
        Assert.False(reply.IsComplete);
        Assert.StartsWith(reply.Text, SimulatedReply.Compose(Instructions, 2, 3));
    }

    [Fact]
    public async Task Cancelling_stops_the_stream_mid_reply()
    {
        _factory.Simulator.Chat.WordDelayMs = 200; // the whole reply would take seconds
        var chat = _factory.Client<ChatStreamer>();
        using var cts = new CancellationTokenSource();
        await using var reply = await chat.StartAsync(Instructions, History, cts.Token);
        var deltas = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in reply.ReadTextAsync())
            {
                if (++deltas == 2)
                    await cts.CancelAsync();
            }
        });
        Assert.Equal(2, deltas);
        Assert.False(reply.IsComplete);
    }

    [Fact]
    public async Task Cancel_from_another_flow_stops_a_waiting_reader()
    {
        _factory.Simulator.Chat.WordDelayMs = 200;
        var chat = _factory.Client<ChatStreamer>();
        await using var reply = await chat.StartAsync(Instructions, History);
        var first = new TaskCompletionSource();

        var reading = Task.Run(async () =>
        {
            await foreach (var _ in reply.ReadTextAsync())
                first.TrySetResult();
        });
        await first.Task;
        reply.Cancel(); // barge-in, from the audio flow

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
    }

    [Fact]
    public async Task An_unreachable_service_is_reported_as_unreachable()
    {
        var chat = ChatStreamerWith(new ChatOptions(), new FixedUpstreams(chat: new(SpeechToTextClientTests.ClosedPort(), "secret-key-123", false)));
        var error = await Assert.ThrowsAsync<UpstreamException>(() => chat.StartAsync(Instructions, History));
        Assert.True(error.Failure == UpstreamFailure.Unreachable, error.InnerException?.ToString());
        Assert.DoesNotContain("secret-key-123", error.ToString());
    }

    [Theory]
    [InlineData("https://res.openai.azure.com/", "https://res.openai.azure.com/")]
    [InlineData("https://res.openai.azure.com/openai/", "https://res.openai.azure.com/")]
    [InlineData("https://res.openai.azure.com/openai/v1/", "https://res.openai.azure.com/")]
    [InlineData("https://gateway.example.com/team/openai/", "https://gateway.example.com/team/")]
    public void An_azure_endpoint_ending_in_openai_is_taken_as_the_resource(string configured, string used) =>
        Assert.Equal(new Uri(used), ChatStreamer.ResourceRoot(new Uri(configured)));

    private sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public int Requests;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Requests);
            return base.SendAsync(request, cancellationToken);
        }
    }

    private ChatStreamer ChatStreamerWith(ChatOptions options, IUpstreamDirectory? upstreams = null, HttpClient? http = null)
    {
        var services = _factory.Client<IServiceProvider>();
        http ??= services.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(ChatStreamer));
        return new ChatStreamer(http, upstreams ?? services.GetRequiredService<IUpstreamDirectory>(), Options.Create(options),
            services.GetRequiredService<EntraCredential>(), TimeProvider.System, NullLogger<ChatStreamer>.Instance);
    }
}
