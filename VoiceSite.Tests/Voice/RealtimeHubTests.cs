using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VoiceSite.Audio;
using VoiceSite.Data.Entities;
using VoiceSite.Simulator;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Voice;

/// <summary>Realtime mode through the hub (real WebSockets, MessagePack) against the built-in simulator.</summary>
public sealed class RealtimeHubTests(KestrelVoiceSiteFactory factory) : IClassFixture<KestrelVoiceSiteFactory>
{
    /// <summary>1.5 s of tone, then 1 s of silence: one user turn.</summary>
    private static readonly byte[] Utterance = TestAudio.Concat(TestAudio.Tone(220, 1500), TestAudio.Silence(1000));

    private async Task<(VoiceHubClient Client, Guid Conversation, string Instructions)> StartAsync(Action<Conversation>? configure = null, bool json = false)
    {
        var (user, _) = await factory.CreateSignedInUserAsync();
        var conversation = await factory.CreateConversationAsync(user.Email!, configure);
        var instructions = await factory.WithDbAsync(db => db.Conversations.Where(c => c.Id == conversation).Select(c => c.Instructions).SingleAsync());
        var client = await VoiceHubClient.ConnectAsync(factory, user.Email!, json: json);
        var info = await client.StartSessionAsync(conversation);
        Assert.Equal("realtime", info.Mode);
        Assert.Equal(24_000, info.SampleRate);
        return (client, conversation, instructions);
    }

    private SimulatorOptions Simulator => factory.Services.GetRequiredService<IOptionsMonitor<SimulatorOptions>>().CurrentValue;

    [Fact]
    public async Task A_spoken_turn_is_answered_relayed_and_stored()
    {
        var (client, conversation, instructions) = await StartAsync();
        await using var _ = client;
        await client.SpeakAsync(Utterance);

        await client.WaitForAsync("SpeechStarted");
        await client.WaitForAsync("SpeechStopped");
        var user = await client.WaitForAsync("UserTranscript");
        Assert.Equal("(1.5 s of speech)", user.Text(1));

        var expectedReply = SimulatedReply.Compose(instructions, 1, 1);
        var firstDelta = await client.WaitForAsync("AssistantTranscriptDelta");
        var assistantTurnId = firstDelta.Text(0);
        await client.WaitForAsync("TurnCompleted", e => e.Text(0) == assistantTurnId);
        await client.WaitForAsync("TurnCompleted", e => e.Text(0) == user.Text(0));

        var deltas = client.Events.Where(e => e.Name == "AssistantTranscriptDelta").Select(e => e.Text(1));
        Assert.Equal(expectedReply, string.Concat(deltas));
        Assert.Equal(SpeechLikeAudio.Synthesize(expectedReply).Length, client.AudioBytes);
        Assert.DoesNotContain(client.Events, e => e.Name == "Error");

        var turns = await factory.TurnsAsync(conversation);
        Assert.Collection(turns,
            u =>
            {
                Assert.Equal(TurnRole.User, u.Role);
                Assert.Equal("(1.5 s of speech)", u.Text);
                Assert.Equal(VoiceMode.Realtime, u.Mode);
                Assert.InRange(u.DurationMs!.Value, 1400, 1600);
            },
            a =>
            {
                Assert.Equal(TurnRole.Assistant, a.Role);
                Assert.Equal(Guid.Parse(assistantTurnId), a.Id);
                Assert.Equal(expectedReply, a.Text);
                Assert.False(a.Interrupted);
                Assert.NotNull(a.ResponseLatencyMs);
                Assert.True(a.TotalTokens > 0);
                Assert.True(a.OutputTokens > 0);
            });
    }

    /// <summary>
    /// The reply's audio is relayed from pooled buffers (`Audio` takes memory, not an array): every byte arrives as the
    /// upstream sent it, in order and in many messages, over MessagePack (the browser) and over JSON (base64, as an outside
    /// client may choose), the wire shape of <c>Audio(byte[])</c> in both.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_reply_audio_arrives_byte_for_byte_over_MessagePack_and_JSON(bool json)
    {
        var (client, _, instructions) = await StartAsync(json: json);
        await using var _ = client;
        await client.SpeakAsync(Utterance);
        var delta = await client.WaitForAsync("AssistantTranscriptDelta");
        await client.WaitForAsync("TurnCompleted", e => e.Text(0) == delta.Text(0));

        var expected = SpeechLikeAudio.Synthesize(SimulatedReply.Compose(instructions, 1, 1));
        var chunks = client.Events.Where(e => e.Name == "Audio").Select(e => (byte[])e.Args[0]!).ToList();
        var received = chunks.SelectMany(c => c).ToArray();
        Assert.True(chunks.Count > 10, "the reply should come in many messages, each from a pooled buffer");
        Assert.Equal(expected.Length, received.Length);
        Assert.True(expected.AsSpan().SequenceEqual(received), $"the relayed audio differs from the upstream's, first at byte {expected.AsSpan().CommonPrefixLength(received)}");
    }

    [Fact]
    public async Task A_continued_conversation_replays_its_earlier_turns_first()
    {
        var (client, _, instructions) = await StartAsync(c =>
        {
            var start = DateTime.UtcNow.AddMinutes(-5);
            c.Turns.Add(new Turn { Role = TurnRole.User, Text = "I worked on compilers.", Mode = VoiceMode.Pipeline, StartedAt = start, Sequence = 1 });
            c.Turns.Add(new Turn { Role = TurnRole.Assistant, Text = "Tell me about a hard bug.", Mode = VoiceMode.Pipeline, StartedAt = start.AddSeconds(5), Sequence = 2 });
        });
        await using var _ = client;
        await client.SpeakAsync(Utterance);

        var delta = await client.WaitForAsync("AssistantTranscriptDelta");
        await client.WaitForAsync("TurnCompleted", e => e.Text(0) == delta.Text(0));
        var reply = string.Concat(client.Events.Where(e => e.Name == "AssistantTranscriptDelta").Select(e => e.Text(1)));
        // Two replayed messages plus this user turn are in context; this is the model's second reply.
        Assert.Equal(SimulatedReply.Compose(instructions, 2, 3), reply);
    }

    [Fact]
    public async Task Barge_in_after_the_reply_arrived_truncates_to_what_was_heard()
    {
        var (client, conversation, instructions) = await StartAsync();
        await using var _ = client;
        await client.SpeakAsync(Utterance);
        var delta = await client.WaitForAsync("AssistantTranscriptDelta");
        var turnId = delta.Text(0);
        await client.WaitForAsync("TurnCompleted", e => e.Text(0) == turnId);

        // The browser played 1.2 s of the reply before the user cut in. The turn had its one TurnCompleted already:
        // the stored text is cut to what was heard without another.
        await client.InterruptAsync(1200);
        var stored = await factory.WaitForTurnAsync(conversation, t => t.Id == Guid.Parse(turnId) && t.Interrupted);
        Assert.True(stored.Interrupted);
        Assert.Equal(1200, stored.DurationMs);
        var full = SimulatedReply.Compose(instructions, 1, 1);
        Assert.StartsWith(stored.Text, full);
        Assert.True(stored.Text.Length < full.Length / 2, $"heard text \"{stored.Text}\" is too long for 1.2 s");
        Assert.DoesNotContain(client.Events, e => e.Name == "Error");
    }

    [Fact]
    public async Task Barge_in_past_the_audio_received_is_clamped_and_never_upsets_the_upstream()
    {
        Simulator.Realtime.LatencyMs = 0;
        var (client, conversation, _) = await StartAsync();
        await using var _ = client;
        await client.SpeakAsync(Utterance);

        // Claim far more playback than any audio received so far, while the reply may still be streaming.
        var first = await client.WaitForAsync("Audio");
        var before = client.Events.Count;
        await client.InterruptAsync(600_000);
        var delta = await client.WaitForAsync("AssistantTranscriptDelta");
        await client.WaitForAsync("TurnCompleted", e => e.Text(0) == delta.Text(0));

        var stored = (await factory.TurnsAsync(conversation)).Single(t => t.Id == Guid.Parse(delta.Text(0)));
        var receivedMs = Pcm16.DurationMs(client.AudioBytes);
        Assert.True(stored.DurationMs <= receivedMs + 1, $"stored {stored.DurationMs} ms but only {receivedMs} ms was received");
        Assert.DoesNotContain(client.Events, e => e.Name == "Error");
        Assert.NotNull(first);
        Assert.True(before > 0);
    }

    [Fact]
    public async Task The_upstream_dropping_mid_reply_is_reopened_with_the_context_and_the_next_turn_is_answered()
    {
        var (client, conversation, instructions) = await StartAsync();
        await using var _ = client;
        Simulator.Realtime.Fault = SimulatorFault.DropMidResponse;
        int cutAudioMs;
        try
        {
            await client.SpeakAsync(Utterance);
            var cut = (await client.WaitForAsync("AssistantTranscriptDelta")).Text(0);
            // The reply in progress is stored with what was relayed of it.
            var partial = await factory.WaitForTurnAsync(conversation, t => t.Id == Guid.Parse(cut));
            Assert.True(partial.Interrupted);
            // The last chunk relayed may still be on its way to the client when the turn is stored: wait for it (bounded),
            // then the client must have received exactly what was stored, no more.
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while ((int)Pcm16.DurationMs(client.AudioBytes) < partial.DurationMs && DateTime.UtcNow < deadline)
                await Task.Delay(20);
            cutAudioMs = (int)Pcm16.DurationMs(client.AudioBytes);
            Assert.Equal(partial.DurationMs, cutAudioMs);
        }
        finally
        {
            Simulator.Realtime.Fault = SimulatorFault.None;
        }

        // No click, no new StartSession: the next turn is answered by a new upstream that knows the conversation.
        var before = client.Events.Count;
        var reply = await client.TalkAsync(Utterance);
        Assert.Equal(SimulatedReply.Compose(instructions, 2, 3), reply);
        Assert.DoesNotContain(client.Events, e => e.Name is "SessionEnded" || (e.Name == "Error" && e.Text(0) == "upstream_lost"));
        Assert.Equal(4, (await factory.TurnsAsync(conversation)).Count);
        Assert.True(before > 0);
    }

    [Fact]
    public async Task An_upstream_that_cannot_be_reopened_ends_the_session_with_a_plain_reason()
    {
        var (client, conversation, _) = await StartAsync();
        await using var _ = client;
        Simulator.Realtime.Fault = SimulatorFault.DropMidResponse;
        try
        {
            await client.SpeakAsync(Utterance);
            await client.WaitForAsync("Audio");
            Simulator.ApiKey = "rotated-key"; // the live socket stays; every attempt to reopen it is refused (401)
            var lost = await client.WaitForAsync("Error", e => e.Text(0) == "upstream_lost", timeoutSeconds: 30);
            Assert.DoesNotContain("Exception", lost.Text(1));
            await client.WaitForAsync("SessionEnded");
        }
        finally
        {
            Simulator.Realtime.Fault = SimulatorFault.None;
            Simulator.ApiKey = "simulator-key";
        }
        var turns = await factory.TurnsAsync(conversation);
        Assert.Contains(turns, t => t.Role == TurnRole.User);
        Assert.Single(turns, t => t.Role == TurnRole.Assistant && t.Interrupted);
    }

    [Fact]
    public async Task A_refused_upstream_gives_a_readable_reason_without_the_key()
    {
        var (user, _) = await factory.CreateSignedInUserAsync();
        var conversation = await factory.CreateConversationAsync(user.Email!);
        await using var client = await VoiceHubClient.ConnectAsync(factory, user.Email!);
        Simulator.Realtime.Fault = SimulatorFault.RejectKey;
        try
        {
            var error = await Assert.ThrowsAsync<HubException>(() => client.StartSessionAsync(conversation));
            Assert.Contains("refused the credentials (401)", error.Message);
            Assert.DoesNotContain(Simulator.ApiKey, error.Message);
        }
        finally
        {
            Simulator.Realtime.Fault = SimulatorFault.None;
        }
    }
}
