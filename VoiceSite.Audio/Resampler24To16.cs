using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace VoiceSite.Audio;

/// <summary>
/// Streaming 24 kHz -> 16 kHz resampler for PCM16 mono (the browser/realtime rate to the rate Azure speech-to-text
/// wants). A rational 2/3 polyphase FIR: conceptually the input is upsampled by 2 (to 48 kHz), low-pass filtered
/// and every third sample kept, but only the products that matter are computed.
/// </summary>
/// <remarks>
/// <para>
/// The low-pass is a Kaiser-windowed sinc of <see cref="TapCount"/> taps at 48 kHz: passband to
/// <see cref="PassbandEdgeHz"/>, stopband from <see cref="StopbandEdgeHz"/> (the output Nyquist, so nothing
/// folds back into the band), designed for <see cref="DesignAttenuationDb"/> dB of stopband attenuation. Each
/// polyphase branch is normalised to unity DC gain, so silence stays silent and a constant stays that constant.
/// </para>
/// <para>
/// Group delay is compensated: output sample <c>n</c> is the input signal at time <c>n / 16000</c> s, i.e. at input
/// sample <c>1.5 n</c>. To do that the resampler holds back the last <see cref="LookaheadInputSamples"/> input samples
/// (2.5 ms) until more input arrives; <see cref="Flush(Span{byte})"/> releases them at the end of the stream (as if
/// followed by silence). In total, <c>ceil(inputSamples * 2 / 3)</c> output samples are produced.
/// </para>
/// <para>
/// Chunks may have any size (even an odd number of bytes); the output is identical however the input is chunked.
/// No allocation per chunk once the internal buffer has grown to the largest chunk seen. Not thread-safe: one
/// instance per audio stream.
/// </para>
/// </remarks>
public sealed class Resampler24To16
{
    public const int InputRate = 24_000;
    public const int OutputRate = 16_000;

    /// <summary>Response is flat (within a few thousandths of a dB) up to here.</summary>
    public const double PassbandEdgeHz = 7_000;

    /// <summary>Everything from here up is attenuated by at least about <see cref="DesignAttenuationDb"/>.</summary>
    public const double StopbandEdgeHz = 8_000;

    public const double DesignAttenuationDb = 80;

    /// <summary>Taps of the prototype low-pass at 48 kHz (odd, so the delay is a whole number of 48 kHz samples).</summary>
    public const int TapCount = 241;

    private const int Up = 2;
    private const int Down = 3;
    private const int UpRate = InputRate * Up;          // 48 kHz
    private const int Delay = (TapCount - 1) / 2;        // 120 samples at 48 kHz = 2.5 ms
    private const int PhaseLength = (TapCount + 1) / 2;  // 121 taps per polyphase branch

    /// <summary>Input samples held back for the group-delay compensation (60 = 2.5 ms).</summary>
    public const int LookaheadInputSamples = Delay / Up;

    // Per branch, coefficients reversed so that an output is a plain dot product with a contiguous input window.
    private static readonly float[][] Branches = DesignBranches();

    private float[] _buffer;   // input history + pending input, as floats in [-1, 1)
    private long _bufferStart; // absolute input index of _buffer[0] (negative: the zeros before the stream)
    private int _bufferCount;
    private long _inputCount;  // input samples received
    private long _outputCount; // output samples produced
    private int _oddByte = -1; // low byte of a sample split across chunks
    private bool _flushed;

    public Resampler24To16()
    {
        _buffer = new float[PhaseLength + 4096];
        Reset();
    }

    /// <summary>Input samples received so far.</summary>
    public long InputSamples => _inputCount;

    /// <summary>Output samples produced so far.</summary>
    public long OutputSamples => _outputCount;

    /// <summary>Upper bound of the output bytes that <see cref="Process(ReadOnlySpan{byte}, Span{byte})"/> or <see cref="Flush(Span{byte})"/> write for an input of <paramref name="inputBytes"/>.</summary>
    public static int MaxOutputBytes(int inputBytes) =>
        ((inputBytes / Pcm16.BytesPerSample + 1 + LookaheadInputSamples) * Up / Down + 2) * Pcm16.BytesPerSample;

    /// <summary>Resamples a whole clip at once (convenience for tests and short audio).</summary>
    public static byte[] ResampleAll(ReadOnlySpan<byte> pcm24k)
    {
        var resampler = new Resampler24To16();
        var output = new byte[MaxOutputBytes(pcm24k.Length)];
        var written = resampler.Process(pcm24k, output);
        written += resampler.Flush(output.AsSpan(written));
        return output[..written];
    }

    /// <summary>Starts a new stream.</summary>
    public void Reset()
    {
        // Zeros before the stream start, enough for the first output's window.
        Array.Clear(_buffer);
        _bufferStart = -PhaseLength;
        _bufferCount = PhaseLength;
        _inputCount = 0;
        _outputCount = 0;
        _oddByte = -1;
        _flushed = false;
    }

    /// <summary>Resamples a chunk of 24 kHz PCM16 into a new array (allocates; see the span overload).</summary>
    public byte[] Process(ReadOnlySpan<byte> pcm24k)
    {
        var output = new byte[MaxOutputBytes(pcm24k.Length)];
        return output[..Process(pcm24k, output)];
    }

    /// <summary>
    /// Resamples a chunk of 24 kHz PCM16 (little-endian, mono) and writes the 16 kHz PCM16 that is ready into
    /// <paramref name="destination"/> (size it with <see cref="MaxOutputBytes"/>). Returns the bytes written.
    /// </summary>
    public int Process(ReadOnlySpan<byte> pcm24k, Span<byte> destination)
    {
        if (_flushed)
            throw new InvalidOperationException("The stream was flushed; call Reset to start a new one.");
        Append(pcm24k);
        return Produce(_inputCount, destination);
    }

    /// <summary>
    /// Ends the stream: writes the remaining output (the held-back lookahead, as if silence followed) and returns the
    /// bytes written. A trailing odd byte is dropped. Call <see cref="Reset"/> to reuse the instance.
    /// </summary>
    public int Flush(Span<byte> destination)
    {
        if (_flushed)
            return 0;
        _flushed = true;
        _oddByte = -1;
        var end = _inputCount;
        // Pretend the lookahead is silence.
        EnsureCapacity(_bufferCount + LookaheadInputSamples + 1);
        _buffer.AsSpan(_bufferCount, LookaheadInputSamples + 1).Clear();
        _bufferCount += LookaheadInputSamples + 1;
        var total = (end * Up + Down - 1) / Down; // ceil(end * 2 / 3)
        return Produce(end + LookaheadInputSamples + 1, destination, total);
    }

    /// <summary>Flush into a new array.</summary>
    public byte[] Flush()
    {
        var output = new byte[MaxOutputBytes(0)];
        return output[..Flush(output)];
    }

    private void Append(ReadOnlySpan<byte> pcm)
    {
        if (pcm.IsEmpty)
            return;
        var samples = (pcm.Length + (_oddByte >= 0 ? 1 : 0)) / Pcm16.BytesPerSample;
        EnsureCapacity(_bufferCount + samples);
        var target = _buffer.AsSpan(_bufferCount);
        var written = 0;
        if (_oddByte >= 0)
        {
            target[written++] = (short)(_oddByte | (pcm[0] << 8)) / 32768f;
            pcm = pcm[1..];
            _oddByte = -1;
        }
        var whole = pcm.Length / Pcm16.BytesPerSample;
        for (var i = 0; i < whole; i++)
            target[written++] = BinaryPrimitives.ReadInt16LittleEndian(pcm.Slice(i * 2, 2)) / 32768f;
        if ((pcm.Length & 1) == 1)
            _oddByte = pcm[^1];
        _bufferCount += written;
        _inputCount += written;
    }

    /// <summary>Computes outputs while their input window is available (inputs below <paramref name="available"/>).</summary>
    private int Produce(long available, Span<byte> destination, long limit = long.MaxValue)
    {
        var written = 0;
        while (_outputCount < limit)
        {
            var t = Down * _outputCount + Delay;   // position on the 48 kHz grid
            var newest = t >> 1;                   // newest input sample in the window
            if (newest >= available)
                break;
            if (written + 2 > destination.Length)
                throw new ArgumentException("Destination too small; size it with MaxOutputBytes.", nameof(destination));
            var branch = Branches[(int)(t & 1)];
            var start = (int)(newest - PhaseLength + 1 - _bufferStart);
            var y = Dot(branch, _buffer.AsSpan(start, PhaseLength));
            var scaled = MathF.Round(y * 32768f);
            var sample = (short)Math.Clamp(scaled, short.MinValue, short.MaxValue);
            BinaryPrimitives.WriteInt16LittleEndian(destination.Slice(written, 2), sample);
            written += 2;
            _outputCount++;
        }
        Compact();
        return written;
    }

    /// <summary>Drops input no longer needed by the next output's window.</summary>
    private void Compact()
    {
        var nextNewest = (Down * _outputCount + Delay) >> 1;
        var keepFrom = nextNewest - PhaseLength + 1;
        var drop = (int)Math.Clamp(keepFrom - _bufferStart, 0, _bufferCount);
        if (drop == 0)
            return;
        _buffer.AsSpan(drop, _bufferCount - drop).CopyTo(_buffer);
        _bufferCount -= drop;
        _bufferStart += drop;
    }

    private void EnsureCapacity(int count)
    {
        if (count <= _buffer.Length)
            return;
        var bigger = new float[Math.Max(count, _buffer.Length * 2)];
        _buffer.AsSpan(0, _bufferCount).CopyTo(bigger);
        _buffer = bigger;
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0f;
        var i = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<float>.Count)
        {
            var va = MemoryMarshal.Cast<float, Vector<float>>(a);
            var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
            var acc = Vector<float>.Zero;
            for (var v = 0; v < va.Length; v++)
                acc += va[v] * vb[v];
            sum = Vector.Sum(acc);
            i = va.Length * Vector<float>.Count;
        }
        for (; i < a.Length; i++)
            sum += a[i] * b[i];
        return sum;
    }

    /// <summary>
    /// Kaiser-windowed sinc at 48 kHz, cutoff halfway through the transition band, split into the two polyphase
    /// branches (even and odd taps; the odd branch is padded with a zero tap), each reversed and scaled to a DC gain of 1.
    /// </summary>
    private static float[][] DesignBranches()
    {
        var prototype = KaiserLowPass.Design(TapCount, (PassbandEdgeHz + StopbandEdgeHz) / 2 / UpRate, DesignAttenuationDb);
        var branches = new float[Up][];
        for (var phase = 0; phase < Up; phase++)
        {
            var taps = new double[PhaseLength];
            for (var j = 0; j < PhaseLength; j++)
            {
                var k = phase + Up * j;
                taps[j] = k < TapCount ? prototype[k] : 0;
            }
            var sum = taps.Sum();
            var reversed = new float[PhaseLength];
            for (var j = 0; j < PhaseLength; j++)
                reversed[PhaseLength - 1 - j] = (float)(taps[j] / sum);
            branches[phase] = reversed;
        }
        return branches;
    }

    /// <summary>
    /// Gain of the resampler's filter (the coefficients actually used) at <paramref name="frequencyHz"/>, in dB relative
    /// to DC: near 0 in the passband; for a frequency above 8 kHz, how strongly it is suppressed instead of folding
    /// back to <c>16000 - f</c>. Computed from the coefficients, so not limited by 16-bit quantisation.
    /// </summary>
    public static double ResponseDb(double frequencyHz)
    {
        double re = 0, im = 0;
        for (var phase = 0; phase < Up; phase++)
        {
            var reversed = Branches[phase];
            for (var j = 0; j < PhaseLength; j++)
            {
                var k = phase + Up * j;
                var w = 2 * Math.PI * frequencyHz * k / UpRate;
                double c = reversed[PhaseLength - 1 - j];
                re += c * Math.Cos(w);
                im -= c * Math.Sin(w);
            }
        }
        var gain = Math.Sqrt(re * re + im * im) / Up;
        return 20 * Math.Log10(Math.Max(gain, 1e-15));
    }
}
