using BenchmarkDotNet.Attributes;
using VoiceSite.Audio;
using VoiceSite.Bench;

namespace VoiceSite.Micro;

/// <summary>
/// The pipeline's per-chunk audio work on 20 ms chunks of 24 kHz PCM16 (speech-like: tone bursts and quiet room noise):
/// the 24 -> 16 kHz resampler in front of speech to text and the energy VAD. One operation = one chunk.
/// </summary>
public class AudioBenchmarks
{
    private byte[][] _chunks = [];
    private byte[] _output = [];
    private Resampler24To16 _resampler = null!;
    private EnergyVad _vad = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var signal = Signals.Concat(Enumerable.Range(0, 24).SelectMany(i => new[] { Signals.Tone(180 + 10 * i, 1500), Signals.Silence(1000, seed: i) }).ToArray());
        _chunks = Signals.Chunks(signal, 20).Where(c => c.Length == 20 * 48).ToArray();
        _output = new byte[Resampler24To16.MaxOutputBytes(_chunks[0].Length)];
        _resampler = new Resampler24To16();
        _vad = new EnergyVad(new VadSettings());
        var check = new EnergyVad(new VadSettings());
        if (_chunks.Sum(c => check.Process(c).Count) == 0)
            throw new InvalidOperationException("The VAD detected nothing in the test signal: the signal is wrong.");
    }

    [Benchmark(Description = "Resampler24To16.Process (20 ms chunk)")]
    public int Resample() => _resampler.Process(Next(), _output);

    [Benchmark(Description = "EnergyVad.Process (20 ms chunk)")]
    public int Vad() => _vad.Process(Next()).Count;

    private byte[] Next() => _chunks[_next++ % _chunks.Length];
}
