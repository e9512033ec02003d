using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VoiceSite.Data.Entities;
using VoiceSite.Simulator;
using VoiceSite.Tests.Infrastructure;
using VoiceSite.Tests.Pipeline;

namespace VoiceSite.Tests.Voice;

/// <summary>Switching modes on one connection: <c>StartSession</c> with the other mode, through the hub.</summary>
public sealed class ModeSwitchingTests(PipelineSiteFactory factory) : IClassFixture<PipelineSiteFactory>
{
    private static readonly byte[] Utterance = TestAudio.Concat(TestAudio.Tone(220, 1500), TestAudio.Silence(1000));

    private async Task<(VoiceHubClient Client, Guid Conversation, string Instructions)> ConnectAsync()
    {
        factory.ResetSimulator();
        var (user, _) = await factory.CreateSignedInUserAsync();
        var conversation = await factory.CreateConversationAsync(user.Email!);
        var instructions = await factory.WithDbAsync(db => db.Conversations.Where(c => c.Id == conversation).Select(c => c.Instructions).SingleAsync());
        return (await VoiceHubClient.ConnectAsync(factory, user.Email!), conversation, instructions);
    }

    [Fact]
    public async Task Realtime_then_pipeline_then_realtime_carries_the_whole_conversation()
    {
        var (client, conversation, instructions) = await ConnectAsync();
        await using var _ = client;

        Assert.Equal("realtime", (await client.StartSessionAsync(conversation, "realtime")).Mode);
        Assert.Equal(SimulatedReply.Compose(instructions, 1, 1), await client.TalkAsync(Utterance));

        // The chat model is given both earlier realtime turns: turn 2 with 3 messages in context.
        Assert.Equal("pipeline", (await client.StartSessionAsync(conversation, "pipeline")).Mode);
        Assert.Equal(SimulatedReply.Compose(instructions, 2, 3), await client.TalkAsync(Utterance));

        // And the realtime model is given all four earlier turns, two of them from pipeline mode.
        Assert.Equal("realtime", (await client.StartSessionAsync(conversation, "realtime")).Mode);
        Assert.Equal(SimulatedReply.Compose(instructions, 3, 5), await client.TalkAsync(Utterance));

        var turns = await factory.TurnsAsync(conversation);
        Assert.Equal(
            [(TurnRole.User, VoiceMode.Realtime), (TurnRole.Assistant, VoiceMode.Realtime),
             (TurnRole.User, VoiceMode.Pipeline), (TurnRole.Assistant, VoiceMode.Pipeline),
             (TurnRole.User, VoiceMode.Realtime), (TurnRole.Assistant, VoiceMode.Realtime)],
            turns.Select(t => (t.Role, t.Mode)));
        Assert.Equal(VoiceMode.Realtime, await factory.WithDbAsync(db => db.Conversations.Where(c => c.Id == conversation).Select(c => c.Mode).SingleAsync()));
        Assert.Equal(2, client.Events.Count(e => e.Name == "SessionEnded"));
        Assert.DoesNotContain(client.Events, e => e.Name == "Error");
    }

    [Fact]
    public async Task Switching_while_the_assistant_speaks_stores_what_was_said_and_closes_the_upstream()
    {
        var (client, conversation, _) = await ConnectAsync();
        await using var _ = client;
        var journal = factory.Services.GetRequiredService<SimulatorJournal>();
        factory.Simulator.Realtime.PaceFactor = 1; // the reply streams in real time, so it is still going at the switch

        await client.StartSessionAsync(conversation, "realtime");
        var opened = journal.Entries.Count(e => e == SimulatorJournal.RealtimeOpened);
        var closedBefore = journal.Entries.Count(e => e == SimulatorJournal.RealtimeClosed);
        await client.SpeakAsync(Utterance);
        var delta = await client.WaitForAsync("AssistantTranscriptDelta");
        await client.WaitForAsync("Audio");

        await client.StartSessionAsync(conversation, "pipeline");
        var ended = await client.WaitForAsync("SessionEnded");
        Assert.Contains("Classic", ended.Text(0));

        // The upstream socket was closed, and the cut-off reply is stored with what had been said.
        Assert.True(opened >= 1);
        await WaitUntilAsync(() => journal.Entries.Count(e => e == SimulatorJournal.RealtimeClosed) > closedBefore);
        var turns = await factory.TurnsAsync(conversation);
        var assistant = Assert.Single(turns, t => t.Role == TurnRole.Assistant);
        Assert.Equal(Guid.Parse(delta.Text(0)), assistant.Id);
        Assert.True(assistant.Interrupted);
        Assert.Single(turns, t => t.Role == TurnRole.User);

        // The new mode answers at once with the cut-off reply in its context.
        var before = client.Events.Count;
        await client.SpeakAsync(Utterance);
        await client.WaitForAsync("AssistantTranscriptDelta", after: before);
        var audioAfterSwitch = client.Events.Skip(before).Count(e => e.Name == "Audio");
        Assert.True(audioAfterSwitch > 0);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
            await Task.Delay(100);
        Assert.True(condition(), "the condition did not become true within 10 s");
    }
}
