using VoiceSite.Audio;
using VoiceSite.Simulator;

namespace VoiceSite.Tests;

public sealed class SimulatorSharedPiecesTests
{
    [Fact]
    public void Reply_names_turn_topic_and_context()
    {
        var reply = SimulatedReply.Compose("You are an experienced, friendly interviewer hiring a tester.", 2, 3);
        Assert.StartsWith("Simulated reply 2 about \"You are an experienced friendly interviewer\".", reply);
        Assert.Contains("I have 3 earlier messages in context.", reply);
        Assert.Equal(reply, SimulatedReply.Compose("You are an experienced, friendly interviewer hiring a tester.", 2, 3));
        Assert.Contains("\"the scenario\"", SimulatedReply.Compose("", 1, 0));
    }

    [Theory]
    [InlineData(1500, "(1.5 s of speech)")]
    [InlineData(1449, "(1.4 s of speech)")]
    [InlineData(0, "(0.0 s of speech)")]
    public void User_transcript_states_the_speech_length(double ms, string expected) =>
        Assert.Equal(expected, SimulatedReply.UserTranscript(ms));

    [Fact]
    public void Speech_like_audio_length_follows_the_text_and_is_loud_enough_to_be_speech()
    {
        var shortAudio = SpeechLikeAudio.Synthesize("Hello there.");
        var longAudio = SpeechLikeAudio.Synthesize("Hello there. This is a much longer reply with many more words in it.");
        Assert.True(longAudio.Length > 3 * shortAudio.Length);
        Assert.Equal(SpeechLikeAudio.DurationMs("Hello there."), Pcm16.DurationMs(shortAudio.Length), precision: 0);
        Assert.Equal(shortAudio, SpeechLikeAudio.Synthesize("Hello there."));

        var vad = new EnergyVad(new VadSettings());
        var events = vad.Process(longAudio).Concat(vad.Process(new byte[Pcm16.BytesFor(TimeSpan.FromSeconds(1))])).ToList();
        Assert.Equal(VadEventKind.SpeechStarted, events[0].Kind);
        Assert.Equal(VadEventKind.SpeechStopped, events[^1].Kind);
    }
}
