using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VoiceSite.Data.Entities;
using VoiceSite.Simulator;
using VoiceSite.Tests.Infrastructure;
using VoiceSite.Voice.Tools;

namespace VoiceSite.Tests.Coaching;

/// <summary>The site with one more server-side tool registered, as a future feature would add one.</summary>
public sealed class ToolSiteFactory : CoachingSiteFactory
{
    public NoteTool Notes { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IVoiceTool>(Notes));
    }
}

/// <summary>A tool that does not end anything: it records a note and tells the model so.</summary>
public sealed class NoteTool : IVoiceTool
{
    public ConcurrentQueue<VoiceToolCall> Calls { get; } = new();
    public string Name => "take_note";
    public string DisplayName => "Take a note";
    public string AdminDescription => "The AI may note something the learner said.";
    public string Description => "Note something the learner said.";
    public BinaryData ParametersSchema { get; } = BinaryData.FromString("""{"type":"object","properties":{},"required":[],"additionalProperties":false}""");
    public string? InstructionsHint => null;

    public Task<VoiceToolResult> InvokeAsync(VoiceToolCall call, CancellationToken cancellationToken)
    {
        Calls.Enqueue(call);
        return Task.FromResult(new VoiceToolResult(true, """{"noted":true}""", "The AI took a note."));
    }
}

/// <summary>
/// The generic tool plumbing in both modes: a registered tool enabled on a scenario is offered to the model, its call is
/// run and stored as a tool turn, its result goes back to the model, and the model then answers.
/// </summary>
public sealed class ToolPlumbingTests(ToolSiteFactory site) : IClassFixture<ToolSiteFactory>
{
    [Theory]
    [InlineData("realtime")]
    [InlineData("pipeline")]
    public async Task A_tool_call_is_run_stored_and_answered_and_the_model_goes_on(string mode)
    {
        var simulator = site.Simulator;
        simulator.CallTool = "take_note";
        simulator.Realtime = new RealtimeSimulatorOptions { PaceFactor = 0 };
        simulator.Tts = new TextToSpeechSimulatorOptions { PaceFactor = 0 };
        var scenario = await site.CreateScenarioAsync(configure: s => s.EnabledTools = ["take_note"]);
        var (user, _) = await site.CreateSignedInUserAsync();
        var id = await site.StartConversationAsync(user, scenario, new() { ["person"] = "Kim", ["topic"] = "sport" });
        var requests = site.Journal.Requests.Count;
        await using var client = await VoiceHubClient.ConnectAsync(site, user.Email!);
        await client.StartSessionAsync(id, mode);

        var reply = await client.TalkAsync(TestAudio.Concat(TestAudio.Tone(220, 1200), TestAudio.Silence(1000)));

        Assert.StartsWith("Simulated reply", reply, StringComparison.Ordinal);
        var call = Assert.Single(site.Notes.Calls, c => c.ConversationId == id);
        Assert.Equal(mode == "realtime" ? VoiceMode.Realtime : VoiceMode.Pipeline, call.Mode);
        var turns = await site.WithDbAsync(db => db.Turns.AsNoTracking().Include(t => t.ToolCall)
            .Where(t => t.ConversationId == id).OrderBy(t => t.StartedAt).ThenBy(t => t.Sequence).ToListAsync());
        Assert.Equal([TurnRole.User, TurnRole.Tool, TurnRole.Assistant], turns.Select(t => t.Role));
        Assert.Equal("The AI took a note.", turns[1].Text);
        Assert.Equal(("take_note", call.CallId, """{"noted":true}"""), (turns[1].ToolCall!.Name, turns[1].ToolCall!.CallId, turns[1].ToolCall!.Result));
        Assert.Equal(reply, turns[2].Text);

        // The result went back to the model with the call's id before it answered.
        var sent = site.Journal.Requests.Skip(requests).ToList();
        if (mode == "pipeline")
        {
            var followUp = sent.Where(r => r.Service == "chat").Select(r => JsonDocument.Parse(r.Body)).Last();
            var messages = followUp.RootElement.GetProperty("messages").EnumerateArray().ToList();
            Assert.Equal("take_note", messages[^2].GetProperty("tool_calls")[0].GetProperty("function").GetProperty("name").GetString());
            Assert.Equal("tool", messages[^1].GetProperty("role").GetString());
            Assert.Equal(call.CallId, messages[^1].GetProperty("tool_call_id").GetString());
            Assert.Equal("take_note", followUp.RootElement.GetProperty("tools")[0].GetProperty("function").GetProperty("name").GetString());
        }
        else
        {
            var output = sent.Single(r => r.Path == "conversation.item.create");
            using var item = JsonDocument.Parse(output.Body);
            Assert.Equal(call.CallId, item.RootElement.GetProperty("call_id").GetString());
            Assert.Equal("""{"noted":true}""", item.RootElement.GetProperty("output").GetString());
            Assert.Contains(sent.SkipWhile(r => r != output), r => r.Path == "response.create");
        }
        simulator.CallTool = null;
    }
}
