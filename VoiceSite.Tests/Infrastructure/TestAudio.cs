using VoiceSite.Audio;

namespace VoiceSite.Tests.Infrastructure;

/// <summary>Generated PCM16 signals for audio tests.</summary>
public static class TestAudio
{
    public static byte[] Tone(double frequencyHz, int ms, double amplitude = 0.3, int sampleRate = Pcm16.SampleRate)
    {
        var samples = new float[sampleRate * ms / 1000];
        for (var i = 0; i < samples.Length; i++)
            samples[i] = (float)(amplitude * Math.Sin(2 * Math.PI * frequencyHz * i / sampleRate));
        return Pcm16.FromFloat(samples);
    }

    /// <summary>Deterministic low-level noise (like a quiet room), amplitude ~ -60 dBFS.</summary>
    public static byte[] Silence(int ms, int sampleRate = Pcm16.SampleRate, int seed = 1)
    {
        var random = new Random(seed);
        var samples = new float[sampleRate * ms / 1000];
        for (var i = 0; i < samples.Length; i++)
            samples[i] = (float)((random.NextDouble() - 0.5) * 0.002);
        return Pcm16.FromFloat(samples);
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>Splits audio into chunks of the given duration (the last may be shorter).</summary>
    public static IEnumerable<byte[]> Chunks(byte[] pcm, int ms, int sampleRate = Pcm16.SampleRate)
    {
        var size = sampleRate * ms / 1000 * Pcm16.BytesPerSample;
        for (var offset = 0; offset < pcm.Length; offset += size)
            yield return pcm[offset..Math.Min(pcm.Length, offset + size)];
    }
}
