using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using VoiceSite.Data.Entities;
using VoiceSite.Simulator;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Coaching;

/// <summary>
/// Coaching in live sessions over the hub (real WebSockets, MessagePack) against the simulator: the AI speaks first,
/// the scenario's turn-taking settings and tools reach the upstream, and the AI ends the role-play with its tool.
/// </summary>
public sealed class CoachingSessionTests(CoachingSiteFactory site) : IClassFixture<CoachingSiteFactory>
{
    private const string OpeningLine = "Hi Sam, thanks for making the time today. Could you start by telling me a little about yourself?";
    private static readonly byte[] Utterance = TestAudio.Concat(TestAudio.Tone(220, 1500), TestAudio.Silence(1000));

    private void Reset(int endAfterUserTurns = 0)
    {
        var simulator = site.Simulator;
        simulator.EndRoleplayAfterUserTurns = endAfterUserTurns;
        simulator.Realtime = new RealtimeSimulatorOptions { PaceFactor = 8 };
        simulator.Tts = new TextToSpeechSimulatorOptions { PaceFactor = 0 };
        simulator.Chat = new ChatSimulatorOptions { WordDelayMs = 0 };
        simulator.Stt = new SpeechToTextSimulatorOptions();
    }

    private static string Said(VoiceHubClient client, string turnId) =>
        string.Concat(client.Events.Where(e => e.Name == "AssistantTranscriptDelta" && e.Text(0) == turnId).Select(e => e.Text(1)));

    [Theory]
    [InlineData("realtime")]
    [InlineData("pipeline")]
    public async Task The_AI_speaks_first_and_ends_the_role_play_with_its_tool_which_finishes_the_conversation(string mode)
    {
        Reset(endAfterUserTurns: 1);
        var (user, _) = await site.CreateSignedInUserAsync();
        var id = await site.StartDemoAsync(user);
        await using var client = await VoiceHubClient.ConnectAsync(site, user.Email!);
        await client.StartSessionAsync(id, mode);

        // The opening line, before the learner says anything; stored as the first turn.
        var opening = await client.WaitForAsync("AssistantTranscriptDelta");
        await client.WaitForAsync("TurnCompleted", e => e.Text(0) == opening.Text(0));
        Assert.Equal(OpeningLine, Said(client, opening.Text(0)).Trim());

        // The learner answers; the simulated model closes and calls end_roleplay (its rule: after 1 learner turn).
        var before = client.Events.Count;
        await client.SpeakAsync(Utterance);
        await client.WaitForAsync("UserTranscript", after: before);
        var closing = await client.WaitForAsync("AssistantTranscriptDelta", after: before);
        var ended = await client.WaitForAsync("SessionEnded", after: before, timeoutSeconds: 30);
        Assert.Equal(SimulatedTools.ClosingLine, Said(client, closing.Text(0)).Trim());
        Assert.StartsWith("The AI ended the role-play (objective reached): Simulated: the role-play ends after 1 of your turns.", ended.Text(0), StringComparison.Ordinal);
        Assert.DoesNotContain(client.Events, e => e.Name == "Error");

        var conversation = await site.WithDbAsync(db => db.Conversations.AsNoTracking().SingleAsync(c => c.Id == id));
        Assert.NotNull(conversation.FinishedAt);
        Assert.Equal(ConversationEnder.Ai, conversation.FinishedBy);
        Assert.Equal(ended.Text(0), conversation.FinishReason);

        // Stored in order: opening, the learner, the closing words, then the tool call with its arguments and result.
        var turns = await site.WithDbAsync(db => db.Turns.AsNoTracking().Include(t => t.ToolCall)
            .Where(t => t.ConversationId == id).OrderBy(t => t.StartedAt).ThenBy(t => t.Sequence).ToListAsync());
        Assert.Equal([TurnRole.Assistant, TurnRole.User, TurnRole.Assistant, TurnRole.Tool], turns.Select(t => t.Role));
        Assert.Equal(OpeningLine, turns[0].Text);
        Assert.Equal(SimulatedTools.ClosingLine, turns[2].Text);
        var call = turns[3].ToolCall!;
        Assert.Equal("end_roleplay", call.Name);
        Assert.True(call.Succeeded);
        Assert.Equal("objective_reached", JsonDocument.Parse(call.Arguments).RootElement.GetProperty("outcome").GetString());
        Assert.Equal(ended.Text(0), turns[3].Text);

        // Its evaluation was queued and runs; the finished conversation cannot be talked in again.
        await site.WaitForJobAsync(id, j => j.State == JobState.Done);
        var refused = await Assert.ThrowsAsync<HubException>(() => client.StartSessionAsync(id, mode));
        Assert.Contains("finished", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_realtime_session_carries_noise_reduction_eagerness_and_tools_and_the_opening_asks_for_the_line()
    {
        Reset();
        var scenario = await site.CreateScenarioAsync(configure: s =>
        {
            s.TurnDetection = TurnDetectionKind.SemanticVad;
            s.Eagerness = SemanticEagerness.Low;
            s.NoiseReduction = NoiseReductionKind.FarField;
            s.Objective = "Agree on a delivery date.";
            s.OpeningLine = "Hello {{person}}, shall we talk {{topic}}?";
            s.EnabledTools = ["end_roleplay"];
        });
        var (user, _) = await site.CreateSignedInUserAsync();
        var id = await site.StartConversationAsync(user, scenario, new() { ["person"] = "Kim", ["topic"] = "sport" });
        var requests = site.Journal.Requests.Count;
        await using var client = await VoiceHubClient.ConnectAsync(site, user.Email!);
        await client.StartSessionAsync(id, "realtime");
        var opening = await client.WaitForAsync("AssistantTranscriptDelta");
        await client.WaitForAsync("TurnCompleted", e => e.Text(0) == opening.Text(0));
        Assert.Equal("Hello Kim, shall we talk sport?", Said(client, opening.Text(0)));

        var sent = site.Journal.Requests.Skip(requests).Where(r => r.Service == "realtime").ToList();
        using var update = JsonDocument.Parse(sent.First(r => r.Path == "session.update").Body);
        var session = update.RootElement.GetProperty("session");
        var input = session.GetProperty("audio").GetProperty("input");
        Assert.Equal("far_field", input.GetProperty("noise_reduction").GetProperty("type").GetString());
        Assert.Equal("semantic_vad", input.GetProperty("turn_detection").GetProperty("type").GetString());
        Assert.Equal("low", input.GetProperty("turn_detection").GetProperty("eagerness").GetString());
        var tool = Assert.Single(session.GetProperty("tools").EnumerateArray());
        Assert.Equal("end_roleplay", tool.GetProperty("name").GetString());
        Assert.Equal("object", tool.GetProperty("parameters").GetProperty("type").GetString());
        Assert.Equal("auto", session.GetProperty("tool_choice").GetString());
        // The objective reaches the model through the tool's instructions.
        Assert.Contains("The learner's objective: Agree on a delivery date.", session.GetProperty("instructions").GetString(), StringComparison.Ordinal);

        using var create = JsonDocument.Parse(sent.Single(r => r.Path == "response.create").Body);
        var instructions = create.RootElement.GetProperty("response").GetProperty("instructions").GetString()!;
        Assert.StartsWith("You talk with Kim about sport.", instructions, StringComparison.Ordinal);
        Assert.EndsWith("Opening line: Hello Kim, shall we talk sport?", instructions.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_continued_conversation_does_not_open_again()
    {
        Reset();
        var (user, _) = await site.CreateSignedInUserAsync();
        var id = await site.StartDemoAsync(user);
        await site.AddTurnsAsync(id, (TurnRole.Assistant, OpeningLine), (TurnRole.User, "I am a backend developer."));
        await using var client = await VoiceHubClient.ConnectAsync(site, user.Email!);
        await client.StartSessionAsync(id, "pipeline");

        // The next thing the AI says answers the learner: it does not greet again.
        var before = client.Events.Count;
        await client.SpeakAsync(Utterance);
        var reply = await client.WaitForAsync("AssistantTranscriptDelta", after: before);
        await client.WaitForAsync("TurnCompleted", e => e.Text(0) == reply.Text(0), after: before);
        Assert.DoesNotContain(client.Events.Take(before), e => e.Name == "AssistantTranscriptDelta");
        Assert.StartsWith("Simulated reply 2", Said(client, reply.Text(0)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_the_pipeline_speech_shorter_than_the_scenarios_minimum_is_not_taken_as_the_learner_speaking()
    {
        Reset();
        var scenario = await site.CreateScenarioAsync(configure: s => s.MinSpeechMs = 600);
        var (user, _) = await site.CreateSignedInUserAsync();
        var id = await site.StartConversationAsync(user, scenario, new() { ["person"] = "Kim", ["topic"] = "sport" });
        await using var client = await VoiceHubClient.ConnectAsync(site, user.Email!);
        await client.StartSessionAsync(id, "pipeline");

        // A 300 ms "mm-hmm", then a real 1.5 s answer: one turn, and none of the answer's start is lost.
        await client.SpeakAsync(TestAudio.Concat(TestAudio.Tone(220, 300), TestAudio.Silence(1000), Utterance));
        var transcript = await client.WaitForAsync("UserTranscript");
        Assert.Equal("(1.5 s of speech)", transcript.Text(1));
        Assert.Single(client.Events.TakeWhile(e => e != transcript), e => e.Name == "SpeechStarted");
    }
}
