using Microsoft.EntityFrameworkCore;
using VoiceSite.Audio;
using Microsoft.Extensions.DependencyInjection;
using VoiceSite.Data.Entities;
using VoiceSite.Simulator;
using VoiceSite.Tests.Infrastructure;
using VoiceSite.Tests.Pipeline;

namespace VoiceSite.Tests.Voice;

/// <summary>Pipeline mode through the hub (real WebSockets, MessagePack) against the speech and chat simulators.</summary>
public sealed class PipelineHubTests(PipelineSiteFactory factory) : IClassFixture<PipelineSiteFactory>
{
    private static readonly byte[] Utterance = TestAudio.Concat(TestAudio.Tone(220, 1500), TestAudio.Silence(1000));

    private async Task<(VoiceHubClient Client, Guid Conversation, string Instructions)> StartAsync(Action<Conversation>? configure = null)
    {
        factory.ResetSimulator();
        var (user, _) = await factory.CreateSignedInUserAsync();
        var conversation = await factory.CreateConversationAsync(user.Email!, configure);
        var instructions = await factory.WithDbAsync(db => db.Conversations.Where(c => c.Id == conversation).Select(c => c.Instructions).SingleAsync());
        var client = await VoiceHubClient.ConnectAsync(factory, user.Email!);
        var info = await client.StartSessionAsync(conversation, "pipeline");
        Assert.Equal("pipeline", info.Mode);
        return (client, conversation, instructions);
    }

    private static string Reply(VoiceHubClient client, int after = 0) =>
        string.Concat(client.Events.Skip(after).Where(e => e.Name == "AssistantTranscriptDelta").Select(e => e.Text(1)));

    [Fact]
    public async Task A_spoken_turn_is_transcribed_answered_sentence_by_sentence_and_stored_with_its_latencies()
    {
        var (client, conversation, instructions) = await StartAsync();
        await using var _ = client;
        await client.SpeakAsync(Utterance);

        await client.WaitForAsync("SpeechStarted");
        await client.WaitForAsync("SpeechStopped");
        var user = await client.WaitForAsync("UserTranscript");
        Assert.Equal("(1.5 s of speech)", user.Text(1));
        var delta = await client.WaitForAsync("AssistantTranscriptDelta");
        await client.WaitForAsync("TurnCompleted", e => e.Text(0) == delta.Text(0));

        var expected = SimulatedReply.Compose(instructions, 1, 1);
        Assert.Equal(expected, Reply(client));
        var sentences = client.Events.Where(e => e.Name == "AssistantTranscriptDelta").Select(e => e.Text(1).Trim()).ToList();
        Assert.True(sentences.Count >= 2, "the reply should be spoken sentence by sentence");
        Assert.Equal(sentences.Sum(s => SpeechLikeAudio.Synthesize(s).Length), client.AudioBytes);
        Assert.DoesNotContain(client.Events, e => e.Name == "Error");

        var turns = await factory.TurnsAsync(conversation);
        Assert.Collection(turns,
            u =>
            {
                Assert.Equal(TurnRole.User, u.Role);
                Assert.Equal(VoiceMode.Pipeline, u.Mode);
                Assert.Equal("(1.5 s of speech)", u.Text);
                Assert.NotNull(u.SttLatencyMs);
                Assert.InRange(u.DurationMs!.Value, 1450, 1550);
            },
            a =>
            {
                Assert.Equal(TurnRole.Assistant, a.Role);
                Assert.Equal(expected, a.Text);
                Assert.False(a.Interrupted);
                Assert.NotNull(a.ChatFirstTokenMs);
                Assert.NotNull(a.TtsFirstByteMs);
                Assert.NotNull(a.ResponseLatencyMs);
                Assert.True(a.TotalTokens > 0);
            });
    }

    [Fact]
    public async Task The_first_sentence_is_sent_to_speech_before_the_chat_stream_ends()
    {
        var (client, _, _) = await StartAsync();
        await using var _ = client;
        factory.Simulator.Chat.WordDelayMs = 40; // a slow model: the reply streams in over about a second
        var journal = factory.Services.GetRequiredService<SimulatorJournal>();
        var before = journal.Entries.Count;

        await client.SpeakAsync(Utterance);
        var delta = await client.WaitForAsync("AssistantTranscriptDelta");
        await client.WaitForAsync("TurnCompleted", e => e.Text(0) == delta.Text(0));

        var entries = journal.Entries.Skip(before).ToList();
        var firstSpeech = entries.IndexOf(SimulatorJournal.TtsStarted);
        var chatEnd = entries.IndexOf(SimulatorJournal.ChatEnded);
        Assert.True(firstSpeech >= 0 && chatEnd >= 0, string.Join(", ", entries));
        Assert.True(firstSpeech < chatEnd, $"text-to-speech started only after the chat ended: {string.Join(", ", entries)}");
        Assert.True(entries.Count(e => e == SimulatorJournal.TtsStarted) >= 2);
    }

    [Fact]
    public async Task Talking_over_the_reply_cancels_it_and_stores_what_was_heard()
    {
        var (client, conversation, instructions) = await StartAsync();
        await using var _ = client;
        factory.Simulator.Tts.PaceFactor = 1; // speech arrives in real time, so the reply is still going when the user cuts in

        await client.SpeakAsync(Utterance);
        var delta = await client.WaitForAsync("AssistantTranscriptDelta");
        await client.WaitForAsync("Audio");
        // The browser can only have played what it was sent: wait for 0.7 s of the reply (a busy machine relays it later).
        for (var waited = 0; Pcm16.DurationMs(client.AudioBytes) < 700 && waited < 20_000; waited += 20)
            await Task.Delay(20);
        var before = client.Events.Count;
        await client.SpeakAsync(TestAudio.Tone(300, 300));
        await client.WaitForAsync("SpeechStarted", after: before);
        await client.InterruptAsync(700); // the browser flushed after 0.7 s of the reply
        await client.SpeakAsync(TestAudio.Silence(900));

        await client.WaitForAsync("TurnCompleted", e => e.Text(0) == delta.Text(0), after: before);
        var stored = (await factory.TurnsAsync(conversation)).Single(t => t.Id == Guid.Parse(delta.Text(0)));
        Assert.True(stored.Interrupted);
        // Never more than the browser played, nor more than the audio relayed by then.
        Assert.InRange(stored.DurationMs!.Value, 1, 700);
        var full = SimulatedReply.Compose(instructions, 1, 1);
        Assert.StartsWith(stored.Text, full);
        Assert.True(stored.Text.Length is > 0 and < 30, $"heard \"{stored.Text}\"");
        Assert.True(Pcm16.DurationMs(client.AudioBytes) < SpeechLikeAudio.DurationMs(full) - 1000, "audio kept coming after barge-in");
    }

    [Theory]
    [InlineData("stt", "upstream_unauthorized", true)]
    [InlineData("chat", "rate_limited", false)]
    [InlineData("tts", "upstream_error", false)]
    public async Task Upstream_errors_reach_the_client_and_the_users_turn_is_still_stored(string service, string code, bool untranscribed)
    {
        var (client, conversation, _) = await StartAsync();
        await using var _ = client;
        var simulator = factory.Simulator;
        SimulatedServiceOptions target = service switch { "stt" => simulator.Stt, "chat" => simulator.Chat, _ => simulator.Tts };
        target.Fault = service switch { "stt" => SimulatorFault.RejectKey, "chat" => SimulatorFault.RateLimit, _ => SimulatorFault.Refuse };

        await client.SpeakAsync(Utterance);
        var error = await client.WaitForAsync("Error", e => e.Text(0) == code);
        Assert.DoesNotContain(simulator.ApiKey, error.Text(1));
        Assert.Contains("again", error.Text(1));

        await factory.WaitForTurnAsync(conversation, t => t.Role == TurnRole.User, timeoutSeconds: 10);
        var turns = await factory.TurnsAsync(conversation);
        var user = Assert.Single(turns);
        Assert.Equal(TurnRole.User, user.Role);
        Assert.Equal(untranscribed ? "(not transcribed)" : "(1.5 s of speech)", user.Text);
        Assert.DoesNotContain(client.Events, e => e.Name == "SessionEnded");

        // The session carries on once the service is back.
        target.Fault = SimulatorFault.None;
        var before = client.Events.Count;
        await client.SpeakAsync(Utterance);
        await client.WaitForAsync("AssistantTranscriptDelta", after: before);
    }

    [Fact]
    public async Task Speech_the_recognizer_cannot_hear_produces_no_turn()
    {
        // A scenario with a very sensitive VAD: it hears a murmur that speech-to-text finds no words in.
        var scenario = await factory.CreateScenarioAsync(configure: s => s.VadThreshold = 0.05);
        var (client, conversation, _) = await StartAsync(c => c.ScenarioId = scenario);
        await using var _ = client;

        await client.SpeakAsync(TestAudio.Concat(TestAudio.Tone(220, 1000, amplitude: 0.006), TestAudio.Silence(1000)));
        var error = await client.WaitForAsync("Error", e => e.Text(0) == "no_match");
        Assert.Contains("Speak again", error.Text(1));
        Assert.Empty(await factory.TurnsAsync(conversation));
        Assert.DoesNotContain(client.Events, e => e.Name == "UserTranscript");
    }

    [Fact]
    public async Task A_negative_interrupt_is_refused_and_changes_nothing()
    {
        var (client, conversation, instructions) = await StartAsync();
        await using var _ = client;
        await client.SpeakAsync(Utterance);
        var delta = await client.WaitForAsync("AssistantTranscriptDelta");
        await client.WaitForAsync("TurnCompleted", e => e.Text(0) == delta.Text(0));

        await client.InterruptAsync(-1);
        Assert.Equal("bad_request", (await client.WaitForAsync("Error")).Text(0));
        var stored = (await factory.TurnsAsync(conversation)).Single(t => t.Role == TurnRole.Assistant);
        Assert.False(stored.Interrupted);
        Assert.Equal(SimulatedReply.Compose(instructions, 1, 1), stored.Text);
    }
}
