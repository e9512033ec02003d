using VoiceSite.Audio;

namespace VoiceSite.Bench;

/// <summary>Generated 24 kHz PCM16 test signals (as in the tests' TestAudio).</summary>
internal static class Signals
{
    /// <summary>One user turn for the energy VAD: 1.5 s of tone, then 1 s of quiet room noise.</summary>
    public static readonly byte[] Utterance = Concat(Tone(220, 1500), Silence(1000));

    /// <summary>Talking over the reply: a short tone the VAD takes for speech, then enough quiet to end it.</summary>
    public static readonly byte[] BargeIn = Concat(Tone(300, 300), Silence(1000));

    public static byte[] Tone(double frequencyHz, int ms, double amplitude = 0.3)
    {
        var samples = new float[Pcm16.SampleRate * ms / 1000];
        for (var i = 0; i < samples.Length; i++)
            samples[i] = (float)(amplitude * Math.Sin(2 * Math.PI * frequencyHz * i / Pcm16.SampleRate));
        return Pcm16.FromFloat(samples);
    }

    /// <summary>Deterministic low-level noise (a quiet room, about -60 dBFS).</summary>
    public static byte[] Silence(int ms, int seed = 1)
    {
        var random = new Random(seed);
        var samples = new float[Pcm16.SampleRate * ms / 1000];
        for (var i = 0; i < samples.Length; i++)
            samples[i] = (float)((random.NextDouble() - 0.5) * 0.002);
        return Pcm16.FromFloat(samples);
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>Splits audio into chunks of <paramref name="ms"/> (the last may be shorter).</summary>
    public static IEnumerable<byte[]> Chunks(byte[] pcm, int ms)
    {
        var size = Pcm16.SampleRate * ms / 1000 * Pcm16.BytesPerSample;
        for (var offset = 0; offset < pcm.Length; offset += size)
            yield return pcm[offset..Math.Min(pcm.Length, offset + size)];
    }
}
