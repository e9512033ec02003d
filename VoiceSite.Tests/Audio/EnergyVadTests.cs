using VoiceSite.Audio;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Audio;

public sealed class EnergyVadTests
{
    private static readonly VadSettings Settings = new(Threshold: 0.5, PrefixPaddingMs: 300, SilenceDurationMs: 500);

    private static List<VadEvent> Run(byte[] audio, VadSettings? settings = null, int chunkMs = 40)
    {
        var vad = new EnergyVad(settings ?? Settings);
        var events = new List<VadEvent>();
        foreach (var chunk in TestAudio.Chunks(audio, chunkMs))
            events.AddRange(vad.Process(chunk));
        return events;
    }

    [Fact]
    public void Silence_alone_produces_no_events()
    {
        Assert.Empty(Run(TestAudio.Silence(3000)));
    }

    [Fact]
    public void One_utterance_gives_start_with_padding_and_stop_after_the_silence()
    {
        var audio = TestAudio.Concat(TestAudio.Silence(1000), TestAudio.Tone(220, 1500), TestAudio.Silence(1000));
        var events = Run(audio);

        Assert.Collection(events,
            start =>
            {
                Assert.Equal(VadEventKind.SpeechStarted, start.Kind);
                Assert.InRange(start.SpeechEdgeMs, 990, 1010);
                Assert.InRange(start.Ms, 690, 710); // 300 ms prefix padding
            },
            stop =>
            {
                Assert.Equal(VadEventKind.SpeechStopped, stop.Kind);
                Assert.InRange(stop.SpeechEdgeMs, 2490, 2510);
                Assert.InRange(stop.Ms, 2990, 3010); // + 500 ms silence
            });
    }

    [Fact]
    public void A_pause_shorter_than_the_end_of_speech_silence_keeps_one_segment()
    {
        var audio = TestAudio.Concat(
            TestAudio.Silence(500), TestAudio.Tone(200, 800), TestAudio.Silence(300), TestAudio.Tone(300, 800), TestAudio.Silence(1000));
        var events = Run(audio);
        Assert.Equal([VadEventKind.SpeechStarted, VadEventKind.SpeechStopped], events.Select(e => e.Kind));
        Assert.InRange(events[1].SpeechEdgeMs, 2390, 2410);
    }

    [Fact]
    public void A_pause_longer_than_the_end_of_speech_silence_splits_into_two_segments()
    {
        var audio = TestAudio.Concat(
            TestAudio.Silence(500), TestAudio.Tone(200, 800), TestAudio.Silence(700), TestAudio.Tone(300, 800), TestAudio.Silence(1000));
        var events = Run(audio);
        Assert.Equal(
            [VadEventKind.SpeechStarted, VadEventKind.SpeechStopped, VadEventKind.SpeechStarted, VadEventKind.SpeechStopped],
            events.Select(e => e.Kind));
        Assert.InRange(events[2].SpeechEdgeMs, 1990, 2010);
    }

    [Fact]
    public void A_click_shorter_than_the_minimum_speech_is_ignored()
    {
        var audio = TestAudio.Concat(TestAudio.Silence(500), TestAudio.Tone(1000, 30, 0.8), TestAudio.Silence(1000));
        Assert.Empty(Run(audio));
    }

    [Fact]
    public void Quiet_audio_below_the_threshold_is_not_speech_but_a_lower_threshold_hears_it()
    {
        var quiet = TestAudio.Concat(TestAudio.Tone(220, 1000, amplitude: 0.008), TestAudio.Silence(800)); // about -45 dBFS
        Assert.Empty(Run(quiet));
        Assert.Equal(2, Run(quiet, Settings with { Threshold = 0.1 }).Count);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(37)]
    [InlineData(500)]
    public void Chunk_size_does_not_change_the_result(int chunkMs)
    {
        var audio = TestAudio.Concat(TestAudio.Silence(400), TestAudio.Tone(220, 900), TestAudio.Silence(900));
        var reference = Run(audio, chunkMs: 20);
        Assert.Equal(reference, Run(audio, chunkMs: chunkMs));
    }

    [Fact]
    public void Flush_ends_speech_in_progress()
    {
        var vad = new EnergyVad(Settings);
        Assert.Single(vad.Process(TestAudio.Concat(TestAudio.Silence(200), TestAudio.Tone(220, 600))));
        Assert.True(vad.InSpeech);
        var stop = vad.Flush();
        Assert.NotNull(stop);
        Assert.Equal(VadEventKind.SpeechStopped, stop.Value.Kind);
        Assert.False(vad.InSpeech);
        Assert.Null(vad.Flush());
    }

    [Fact]
    public void Odd_length_input_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new EnergyVad(Settings).Process(new byte[3]));
    }
}
