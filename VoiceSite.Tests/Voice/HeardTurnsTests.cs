using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using VoiceSite.Audio;
using VoiceSite.Data.Entities;
using VoiceSite.Simulator;
using VoiceSite.Tests.Infrastructure;
using VoiceSite.Tests.Pipeline;
using VoiceSite.Voice;

namespace VoiceSite.Tests.Voice;

/// <summary>
/// Stored turns and turn events say what the user heard: one <c>TurnCompleted</c> per turn whatever the barge-ins,
/// a cut reply stored with the words heard (also when its text ran ahead of its audio), never an empty AI turn, and
/// nothing said for a session that never started.
/// </summary>
public sealed class HeardTurnsTests(PipelineSiteFactory factory) : IClassFixture<PipelineSiteFactory>
{
    /// <summary>0.6 s of tone, then 0.8 s of silence: one short user turn.</summary>
    private static readonly byte[] Utterance = TestAudio.Concat(TestAudio.Tone(220, 600), TestAudio.Silence(800));

    private async Task<(VoiceHubClient Client, Guid Conversation)> StartAsync(string mode)
    {
        var (user, _) = await factory.CreateSignedInUserAsync();
        var conversation = await factory.CreateConversationAsync(user.Email!);
        var client = await VoiceHubClient.ConnectAsync(factory, user.Email!);
        await client.StartSessionAsync(conversation, mode);
        return (client, conversation);
    }

    [Theory]
    [InlineData("realtime")]
    [InlineData("pipeline")]
    public async Task Twenty_barge_ins_give_exactly_one_TurnCompleted_per_turn_and_no_empty_assistant_turn(string mode)
    {
        factory.ResetSimulator();
        factory.Simulator.Tts.PaceFactor = 4; // pipeline replies stream over a while, as the realtime ones do
        var (client, conversation) = await StartAsync(mode);
        await using var _ = client;

        for (var i = 0; i < 20; i++)
        {
            var before = client.Events.Count;
            await client.SpeakAsync(Utterance);
            await client.WaitForAsync("Audio", after: before);
            var turnId = (await client.WaitForAsync("AssistantTranscriptDelta", after: before)).Text(0);
            switch (i % 4)
            {
                case 0: // the whole reply arrived and was stored; the user cuts in partway through playback
                    await client.WaitForAsync("TurnCompleted", e => e.Text(0) == turnId, after: before);
                    await client.InterruptAsync(300 + 97 * i);
                    break;
                case 1: // cut in its first 200 ms: no word was heard
                    await client.InterruptAsync(40 + 8 * i);
                    break;
                case 2: // cut while it streams, having heard all that arrived so far
                    await client.InterruptAsync((int)Pcm16.DurationMs(ReplyAudioBytes(client, before)) + 500);
                    break;
                default: // heard to its end, then the user speaks again
                    await client.WaitForAsync("TurnCompleted", e => e.Text(0) == turnId, after: before);
                    break;
            }
        }
        await client.Connection.InvokeAsync("EndSession");
        await client.WaitForAsync("SessionEnded");

        var turns = await factory.TurnsAsync(conversation);
        var completed = client.Events.Where(e => e.Name == "TurnCompleted").Select(e => Guid.Parse(e.Text(0))).ToList();
        Assert.True(turns.Count >= 40, $"expected 20 exchanges, found {turns.Count} turns");
        Assert.Empty(completed.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Equal(turns.Select(t => t.Id).Order(), completed.Order());
        Assert.DoesNotContain(turns, t => t.Role == TurnRole.Assistant && string.IsNullOrWhiteSpace(t.Text));
        Assert.Contains(turns, t => t.Role == TurnRole.Assistant && t.Text == HeardText.NoWordsHeard && t.Interrupted);
        Assert.Equal(turns.Count, turns.Select(t => t.Sequence).Distinct().Count());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_realtime_reply_cut_after_all_its_received_audio_keeps_only_the_words_heard(bool transcriptAhead)
    {
        factory.ResetSimulator();
        factory.Simulator.Realtime.PaceFactor = 1; // audio at the speaking pace, so the reply is cut while it streams
        factory.Simulator.Realtime.TranscriptAhead = transcriptAhead;
        var (client, conversation) = await StartAsync("realtime");
        await using var _ = client;

        var before = client.Events.Count;
        await client.SpeakAsync(Utterance);
        var turnId = (await client.WaitForAsync("AssistantTranscriptDelta", after: before)).Text(0);
        while (Pcm16.DurationMs(ReplyAudioBytes(client, before)) < 1800)
            await client.WaitForAsync("Audio", after: client.Events.Count - 1);
        // The browser played everything it had received (and then some) when the user cut in.
        var heardMs = Pcm16.DurationMs(ReplyAudioBytes(client, before));
        await client.InterruptAsync((int)heardMs + 400);
        await client.WaitForAsync("TurnCompleted", e => e.Text(0) == turnId, after: before);

        var reply = string.Concat(client.Events.Skip(before).Where(e => e.Name == "AssistantTranscriptDelta").Select(e => e.Text(1)));
        var stored = (await factory.TurnsAsync(conversation)).Single(t => t.Id == Guid.Parse(turnId));
        Assert.True(stored.Interrupted);
        AssertWithinOneWord(reply, stored.Text, stored.DurationMs!.Value);
        if (transcriptAhead)
            Assert.True(reply.Length > stored.Text.Length * 2, "the whole transcript should have arrived ahead of the audio");
    }

    [Fact]
    public async Task A_realtime_reply_whose_upstream_dropped_a_tenth_of_a_second_in_is_not_stored_whole()
    {
        factory.ResetSimulator();
        factory.Simulator.Realtime.TranscriptAhead = true;
        factory.Simulator.Realtime.Fault = SimulatorFault.DropMidResponse;
        factory.Simulator.Realtime.DropAfterAudioMs = 100;
        var (client, conversation) = await StartAsync("realtime");
        await using var _ = client;

        await client.SpeakAsync(Utterance);
        var turnId = (await client.WaitForAsync("AssistantTranscriptDelta")).Text(0);
        await client.WaitForAsync("TurnCompleted", e => e.Text(0) == turnId);

        var stored = (await factory.TurnsAsync(conversation)).Single(t => t.Id == Guid.Parse(turnId));
        Assert.True(stored.Interrupted);
        Assert.InRange(stored.DurationMs!.Value, 1, 200);
        Assert.Equal(HeardText.NoWordsHeard, stored.Text);
    }

    [Fact]
    public async Task A_pipeline_reply_cut_partway_keeps_the_words_heard()
    {
        factory.ResetSimulator();
        factory.Simulator.Tts.PaceFactor = 1;
        var (client, conversation) = await StartAsync("pipeline");
        await using var _ = client;

        var before = client.Events.Count;
        await client.SpeakAsync(Utterance);
        var turnId = (await client.WaitForAsync("AssistantTranscriptDelta", after: before)).Text(0);
        while (Pcm16.DurationMs(ReplyAudioBytes(client, before)) < 1500)
            await client.WaitForAsync("Audio", after: client.Events.Count - 1);
        await client.InterruptAsync(1300);
        await client.WaitForAsync("TurnCompleted", e => e.Text(0) == turnId, after: before);

        var stored = (await factory.TurnsAsync(conversation)).Single(t => t.Id == Guid.Parse(turnId));
        var instructions = await factory.WithDbAsync(db => Task.FromResult(db.Conversations.Single(c => c.Id == conversation).Instructions));
        Assert.Equal(1300, stored.DurationMs);
        AssertWithinOneWord(SimulatedReply.Compose(instructions, 1, 1), stored.Text, 1300);
    }

    [Fact]
    public async Task A_failed_start_answers_with_the_error_only_and_never_says_a_session_ended()
    {
        factory.ResetSimulator();
        var (user, _) = await factory.CreateSignedInUserAsync();
        var conversation = await factory.CreateConversationAsync(user.Email!);
        await using var client = await VoiceHubClient.ConnectAsync(factory, user.Email!);
        foreach (var fault in new[] { SimulatorFault.RejectKey, SimulatorFault.Refuse })
        {
            factory.Simulator.Realtime.Fault = fault;
            await Assert.ThrowsAsync<HubException>(() => client.StartSessionAsync(conversation));
        }
        factory.Simulator.Realtime.Fault = SimulatorFault.None;

        // Messages on a connection arrive in order: anything sent during the failed starts is here by now.
        await client.StartSessionAsync(conversation, "pipeline");
        Assert.DoesNotContain(client.Events, e => e.Name == "SessionEnded");
    }

    private static long ReplyAudioBytes(VoiceHubClient client, int after) =>
        client.Events.Skip(after).Where(e => e.Name == "Audio").Sum(e => ((byte[])e.Args[0]!).LongLength);

    /// <summary>The stored words are the reply's first words, as many as were fully spoken in <paramref name="heardMs"/>, give or take one.</summary>
    private static void AssertWithinOneWord(string reply, string stored, int heardMs)
    {
        var words = reply.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var spoken = Enumerable.Range(1, words.Length).Count(n => SpeechLikeAudio.DurationMs(string.Join(' ', words.Take(n))) - SpeechLikeAudio.WordGapMs <= heardMs);
        var storedWords = stored == HeardText.NoWordsHeard ? 0 : stored.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        Assert.StartsWith(stored == HeardText.NoWordsHeard ? "" : stored, reply);
        Assert.True(Math.Abs(storedWords - spoken) <= 1, $"stored {storedWords} words (\"{stored}\") for {heardMs} ms heard, in which {spoken} words were spoken");
    }
}
