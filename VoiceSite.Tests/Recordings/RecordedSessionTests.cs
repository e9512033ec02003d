using VoiceSite.Audio;
using VoiceSite.Data.Entities;
using VoiceSite.Tests.Infrastructure;
using VoiceSite.Tests.Pipeline;

namespace VoiceSite.Tests.Recordings;

/// <summary>
/// Voice sessions in both modes, through the hub against the simulator, with the user's audio sent at real time as
/// a browser does: the stored recording decodes to audio that lines up with the stored turns.
/// </summary>
public sealed class RecordedSessionTests(PipelineSiteFactory factory) : IClassFixture<PipelineSiteFactory>
{
    private async Task<(VoiceHubClient Client, HttpClient Http, Guid Conversation)> StartAsync(string mode)
    {
        factory.ResetSimulator();
        var (user, http) = await factory.CreateSignedInUserAsync();
        var conversation = await factory.CreateConversationAsync(user.Email!);
        var client = await VoiceHubClient.ConnectAsync(factory, user.Email!);
        await client.StartSessionAsync(conversation, mode);
        return (client, http, conversation);
    }

    /// <summary>Speaks one utterance at real time and waits until the reply (its turn id) and the user's turn are stored.</summary>
    private static async Task<string> TalkOnceAsync(VoiceHubClient client)
    {
        var before = client.Events.Count;
        await client.SpeakInRealTimeAsync(RecordingTestKit.Utterance);
        var user = await client.WaitForAsync("UserTranscript", after: before);
        var delta = await client.WaitForAsync("AssistantTranscriptDelta", after: before);
        await client.WaitForAsync("TurnCompleted", e => e.Text(0) == delta.Text(0), after: before);
        await client.WaitForAsync("TurnCompleted", e => e.Text(0) == user.Text(0), after: before);
        return delta.Text(0);
    }

    private static async Task<DecodedRecording> DownloadAsync(HttpClient http, Guid conversation, int number = 1)
    {
        using var response = await http.GetAsync($"/Conversations/{conversation}/recordings/{number}");
        response.EnsureSuccessStatusCode();
        Assert.Equal("audio/ogg", response.Content.Headers.ContentType?.MediaType);
        return OggOpusReader.Decode(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("realtime")]
    [InlineData("pipeline")]
    public async Task A_recorded_session_lines_up_with_its_stored_turns(string mode)
    {
        var (client, http, conversation) = await StartAsync(mode);
        await using var _ = client;
        var assistantId = Guid.Parse(await TalkOnceAsync(client));
        var replyAudio = client.Events.Where(e => e.Name == "Audio").SelectMany(e => (byte[])e.Args[0]!).ToArray();
        await client.EndSessionAsync();

        var recording = Assert.Single(await factory.RecordingsAsync(conversation));
        Assert.NotNull(recording.CompletedAt);
        Assert.Equal(mode == "realtime" ? VoiceMode.Realtime : VoiceMode.Pipeline, recording.Mode);
        var decoded = await DownloadAsync(http, conversation);
        Assert.True(decoded.Ended);
        Assert.Equal(recording.DurationMs, decoded.DurationMs, 1.0);
        Assert.Equal(new FileInfo(factory.FileOf(recording)).Length, recording.ByteSize);

        var turns = await factory.TurnsAsync(conversation);
        var user = Assert.Single(turns, t => t.Role == TurnRole.User);
        var assistant = Assert.Single(turns, t => t.Role == TurnRole.Assistant);
        Assert.Equal(assistantId, assistant.Id);
        var signals = RecordingSignals.Analyze(decoded.Samples, RecordingTestKit.ToneHz);
        var where = $"tone {RecordingSignals.Span(signals.Tone)}, reply {RecordingSignals.Span(signals.Voice)}, user turn at {recording.OffsetMs(user.StartedAt):0} for {user.DurationMs}, reply turn at {recording.OffsetMs(assistant.StartedAt):0} for {assistant.DurationMs} (latency {assistant.ResponseLatencyMs}, chat {assistant.ChatFirstTokenMs}, tts {assistant.TtsFirstByteMs}, stt {user.SttLatencyMs}), recording {decoded.DurationMs:0} ms";

        // The user's tone: as long as the stored user turn, from about where it says (its start is when the VAD noticed).
        var tone = RecordingSignals.Span(signals.Tone) ?? throw new Xunit.Sdk.XunitException("The user's tone is not in the recording.");
        RecordingTestKit.InRange(signals.Tone.Count(t => t) * RecordingSignals.WindowMs, user.DurationMs!.Value - 100, user.DurationMs!.Value + 100, where);
        RecordingTestKit.InRange(recording.OffsetMs(user.StartedAt) - tone.StartMs, -50, 300, where);

        // The reply: after its turn started, by no more than its latency; as long as its audio up to its last sound;
        // and the recording ends with it (the session ended before it would have finished playing).
        var assistantStart = recording.OffsetMs(assistant.StartedAt);
        var voice = RecordingSignals.Span(signals.Voice) ?? throw new Xunit.Sdk.XunitException("The reply is not in the recording.");
        RecordingTestKit.InRange(voice.StartMs - assistantStart, -20, assistant.ResponseLatencyMs!.Value + 100, where);
        RecordingTestKit.InRange(voice.EndMs - voice.StartMs, RecordingTestKit.AudibleMs(replyAudio) - 100, RecordingTestKit.AudibleMs(replyAudio) + 100, where);
        Assert.Equal(Pcm16.DurationMs(replyAudio.Length), assistant.DurationMs!.Value, 1.0);
        RecordingTestKit.InRange(decoded.DurationMs - (voice.StartMs + assistant.DurationMs!.Value), -100, 100, where);
        Assert.True(voice.StartMs > tone.EndMs, "the reply follows the user's words");
    }

    [Theory]
    [InlineData("realtime")]
    [InlineData("pipeline")]
    public async Task Barge_in_cuts_the_reply_where_the_browser_stopped_playing_it(string mode)
    {
        if (mode == "pipeline")
            factory.Simulator.Tts.PaceFactor = 4; // the reply still arriving when the user cuts in
        var (client, http, conversation) = await StartAsync(mode);
        await using var _ = client;
        var before = client.Events.Count;
        await client.SpeakInRealTimeAsync(RecordingTestKit.Utterance);
        var delta = await client.WaitForAsync("AssistantTranscriptDelta", after: before);
        await client.WaitForAsync("Audio", after: before);
        await Task.Delay(400); // the browser plays a little of the reply; the interrupt then says how much
        const int playedMs = 300;
        await client.InterruptAsync(playedMs);
        await client.WaitForAsync("TurnCompleted", e => e.Text(0) == delta.Text(0), after: before);
        await Task.Delay(1500); // the session goes on (silence), past the time the whole reply would have played
        await client.EndSessionAsync();

        var assistant = (await factory.TurnsAsync(conversation)).Single(t => t.Id == Guid.Parse(delta.Text(0)));
        Assert.True(assistant.Interrupted);
        Assert.Equal(playedMs, assistant.DurationMs);
        var recording = Assert.Single(await factory.RecordingsAsync(conversation));
        var decoded = await DownloadAsync(http, conversation);
        var signals = RecordingSignals.Analyze(decoded.Samples, RecordingTestKit.ToneHz);
        var voice = RecordingSignals.Span(signals.Voice) ?? throw new Xunit.Sdk.XunitException("The reply is not in the recording.");
        var assistantStart = recording.OffsetMs(assistant.StartedAt);
        var where = $"tone {RecordingSignals.Span(signals.Tone)}, reply {voice}, reply turn at {assistantStart:0}, recording {decoded.DurationMs:0} ms";
        RecordingTestKit.InRange(voice.StartMs - assistantStart, -20, assistant.ResponseLatencyMs!.Value + 100, where);
        // Cut where the browser stopped: nothing of the reply after the played part (a word gap may end it a little early).
        RecordingTestKit.InRange(voice.EndMs - voice.StartMs, playedMs - 100, playedMs + 40, where);
        Assert.True(decoded.DurationMs > assistantStart + 1500, "the recording goes on to the session's end");
    }
}
