using VoiceSite.Audio;
using VoiceSite.Data.Entities;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Pipeline;

/// <summary>
/// What a Classic (pipeline) turn is billed for, stored on its turns for the dashboard's cost: the audio sent to speech
/// to text on the user's turn, the characters sent to text to speech on the reply. Against the built-in simulator, through the hub.
/// </summary>
public sealed class BilledSpeechTests(PipelineSiteFactory factory) : IClassFixture<PipelineSiteFactory>
{
    private const int LeadingSilenceMs = 500, SpeechMs = 1500, TrailingSilenceMs = 1000;

    private static readonly byte[] Utterance = TestAudio.Concat(
        TestAudio.Silence(LeadingSilenceMs), TestAudio.Tone(220, SpeechMs), TestAudio.Silence(TrailingSilenceMs));

    [Fact]
    public async Task A_turn_stores_the_audio_sent_to_speech_to_text_and_the_characters_sent_to_text_to_speech()
    {
        factory.ResetSimulator();
        var (user, _) = await factory.CreateSignedInUserAsync();
        var conversation = await factory.CreateConversationAsync(user.Email!);
        await using var client = await VoiceHubClient.ConnectAsync(factory, user.Email!);
        await client.StartSessionAsync(conversation, "pipeline");

        var reply = await client.TalkAsync(Utterance);

        var turns = await factory.TurnsAsync(conversation);
        var said = Assert.Single(turns, t => t.Role == TurnRole.User);
        var answer = Assert.Single(turns, t => t.Role == TurnRole.Assistant);

        // Sent: the speech, the silence until the VAD heard it end, and before it the pre-roll (prefix padding and the
        // voice that started it), in 40 ms chunks. Never the leading silence beyond the pre-roll, never the whole tail.
        var vad = new VadSettings();
        var least = SpeechMs + vad.SilenceDurationMs - 40;
        var most = SpeechMs + vad.SilenceDurationMs + vad.PrefixPaddingMs + vad.MinSpeechMs + 2 * 40;
        Assert.InRange(most, least, Utterance.Length / Pcm16.BytesPerSample * 1000 / Pcm16.SampleRate); // the bounds are below what was sent
        Assert.NotNull(said.SttAudioMs);
        Assert.InRange(said.SttAudioMs.Value, least, most);
        Assert.Null(said.TtsCharacters);

        // Each sentence is one synthesis; the spaces joining them in the stored text are not sent.
        var sentences = client.Events.Where(e => e.Name == "AssistantTranscriptDelta" && e.Text(0) == answer.Id.ToString()).Select(e => e.Text(1)).ToList();
        Assert.True(sentences.Count >= 2, "the simulator's reply has several sentences");
        Assert.Equal(reply, answer.Text);
        Assert.Equal(answer.Text.Length - (sentences.Count - 1), answer.TtsCharacters);
        Assert.Equal(sentences.Sum(s => s.TrimStart(' ').Length), answer.TtsCharacters);
        Assert.Null(answer.SttAudioMs);
    }
}
