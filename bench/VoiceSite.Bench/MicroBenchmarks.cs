using System.Diagnostics;
using VoiceSite.Audio;

namespace VoiceSite.Bench;

/// <summary>
/// CPU cost of the audio building blocks on 20 ms chunks of 24 kHz PCM16 (speech-like: tone bursts and quiet), timed
/// with <see cref="Stopwatch"/> in batches of one second of audio (50 chunks) after a warm-up; one sample per batch.
/// </summary>
internal static class MicroBenchmarks
{
    private const int ChunkMs = 20;
    private const int BatchChunks = 50;

    public static List<Row> Run(int batches = 300)
    {
        var signal = Signals.Concat(Enumerable.Range(0, 24).SelectMany(i => new[] { Signals.Tone(180 + 10 * i, 1500), Signals.Silence(1000, seed: i) }).ToArray());
        var chunks = Signals.Chunks(signal, ChunkMs).Where(c => c.Length == ChunkMs * 48).ToArray();

        var resampler = new Resampler24To16();
        var output = new byte[Resampler24To16.MaxOutputBytes(chunks[0].Length)];
        var resample = PerChunkMicroseconds(i => resampler.Process(chunks[i % chunks.Length], output), batches);

        var vad = new EnergyVad(new VadSettings());
        var detections = 0;
        var detect = PerChunkMicroseconds(i => detections += vad.Process(chunks[i % chunks.Length]).Count, batches);
        if (detections == 0)
            throw new InvalidOperationException("The VAD detected nothing: the test signal is wrong.");

        const string scenario = "Micro (one core, 20 ms chunks of 24 kHz PCM16)";
        return
        [
            new(scenario, "Resampler24To16.Process: µs per 20 ms chunk", resample),
            new(scenario, "EnergyVad.Process: µs per 20 ms chunk", detect),
        ];
    }

    /// <summary>x real time: how many seconds of audio one second of CPU handles at this cost per 20 ms chunk.</summary>
    public static double RealTimeFactor(double microsecondsPerChunk) => ChunkMs * 1000 / microsecondsPerChunk;

    /// <summary>Average cost per chunk of each batch of <see cref="BatchChunks"/> chunks, after a warm-up of as many batches.</summary>
    private static List<double> PerChunkMicroseconds(Action<int> work, int batches)
    {
        var i = 0;
        for (var w = 0; w < batches * BatchChunks; w++)
            work(i++);
        var result = new List<double>(batches);
        for (var b = 0; b < batches; b++)
        {
            var start = Stopwatch.GetTimestamp();
            for (var c = 0; c < BatchChunks; c++)
                work(i++);
            result.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds / BatchChunks);
        }
        return result;
    }
}
