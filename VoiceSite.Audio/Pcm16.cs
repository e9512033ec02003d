using System.Buffers.Binary;

namespace VoiceSite.Audio;

/// <summary>Helpers for 16-bit little-endian mono PCM.</summary>
public static class Pcm16
{
    /// <summary>The sample rate of every audio stream between browser, site and realtime model.</summary>
    public const int SampleRate = 24_000;

    public const int BytesPerSample = 2;

    public static int SampleCount(int byteCount) => byteCount / BytesPerSample;

    public static double DurationMs(long byteCount, int sampleRate = SampleRate) =>
        byteCount / (double)BytesPerSample * 1000.0 / sampleRate;

    /// <summary>Whole bytes for a duration, rounded down to a whole sample.</summary>
    public static int BytesFor(TimeSpan duration, int sampleRate = SampleRate) =>
        (int)(duration.TotalSeconds * sampleRate) * BytesPerSample;

    public static short ReadSample(ReadOnlySpan<byte> pcm, int sampleIndex) =>
        BinaryPrimitives.ReadInt16LittleEndian(pcm.Slice(sampleIndex * BytesPerSample, BytesPerSample));

    /// <summary>Converts to floats in [-1, 1).</summary>
    public static void ToFloat(ReadOnlySpan<byte> pcm, Span<float> destination)
    {
        var count = SampleCount(pcm.Length);
        if (destination.Length < count)
            throw new ArgumentException("Destination too small.", nameof(destination));
        for (var i = 0; i < count; i++)
            destination[i] = ReadSample(pcm, i) / 32768f;
    }

    public static float[] ToFloat(ReadOnlySpan<byte> pcm)
    {
        var result = new float[SampleCount(pcm.Length)];
        ToFloat(pcm, result);
        return result;
    }

    /// <summary>Converts floats to PCM16 with clipping.</summary>
    public static void FromFloat(ReadOnlySpan<float> samples, Span<byte> destination)
    {
        if (destination.Length < samples.Length * BytesPerSample)
            throw new ArgumentException("Destination too small.", nameof(destination));
        for (var i = 0; i < samples.Length; i++)
        {
            var scaled = Math.Round(samples[i] * 32767.0);
            var clipped = (short)Math.Clamp(scaled, short.MinValue, short.MaxValue);
            BinaryPrimitives.WriteInt16LittleEndian(destination.Slice(i * BytesPerSample, BytesPerSample), clipped);
        }
    }

    public static byte[] FromFloat(ReadOnlySpan<float> samples)
    {
        var result = new byte[samples.Length * BytesPerSample];
        FromFloat(samples, result);
        return result;
    }

    /// <summary>Root-mean-square level in dBFS (full-scale sine = -3 dBFS); -120 for silence or no samples.</summary>
    public static double RmsDbfs(ReadOnlySpan<byte> pcm)
    {
        var count = SampleCount(pcm.Length);
        if (count == 0)
            return -120;
        double sum = 0;
        for (var i = 0; i < count; i++)
        {
            double s = ReadSample(pcm, i);
            sum += s * s;
        }
        return ToDbfs(Math.Sqrt(sum / count) / 32768.0);
    }

    public static double ToDbfs(double rms) => rms <= 1e-6 ? -120 : 20 * Math.Log10(rms);
}
