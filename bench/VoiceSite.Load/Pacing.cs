using System.Buffers.Binary;
using System.Diagnostics;

namespace VoiceSite.Load;

/// <summary>
/// The send schedule and round-trip bookkeeping of one session: chunk <c>seq</c> is due at
/// <c>start + offset + seq x ChunkMs</c> (absolute times, so the pace stays real time however late one send is);
/// its first four bytes carry <c>seq</c>, so the echo names the chunk it answers.
/// </summary>
internal sealed class Pacing(int totalChunks, int windowFrom, int windowTo)
{
    /// <summary>
    /// The chunk length (--chunk-ms): 20 ms by default, the figure issue 11's targets are per; the talk page's capture
    /// worklet posts 40 ms frames, so <c>--chunk-ms 40</c> is the browser's own pace.
    /// </summary>
    public static int ChunkMs { get; private set; } = 20;

    /// <summary>Bytes of 24 kHz PCM16 in one chunk (960 at 20 ms).</summary>
    public static int ChunkBytes => 24_000 * 2 * ChunkMs / 1000;

    /// <summary>Sets the chunk length once, before any session starts.</summary>
    public static void UseChunkMs(int ms)
    {
        if (ms is < 10 or > 100 || ms % 10 != 0)
            throw new ArgumentOutOfRangeException(nameof(ms), ms, "--chunk-ms takes 10, 20, ... 100.");
        ChunkMs = ms;
    }

    private readonly long[] _sentAt = new long[totalChunks];
    private readonly long[] _rttTicks = new long[totalChunks];

    public int Total => totalChunks;
    public int WindowFrom => windowFrom;
    public int WindowTo => windowTo;

    /// <summary>Sends behind their due time by more than 5 ms (the generator itself falling behind).</summary>
    public int LateSends { get; private set; }
    public long MaxSendLagTicks { get; private set; }
    public int Duplicates { get; private set; }
    public int Unknown { get; private set; }

    /// <summary>Sends every chunk at its time through <paramref name="send"/>; stops early on cancellation.</summary>
    public async Task RunAsync(long start, TimeSpan offset, Func<int, byte[]> chunkFor, bool stamp, Func<byte[], Task> send, CancellationToken cancellationToken)
    {
        var step = Stopwatch.Frequency * ChunkMs / 1000;
        var first = start + (long)(offset.TotalSeconds * Stopwatch.Frequency);
        for (var seq = 0; seq < totalChunks && !cancellationToken.IsCancellationRequested; seq++)
        {
            var due = first + seq * step;
            var wait = due - Stopwatch.GetTimestamp();
            if (wait > Stopwatch.Frequency / 1000)
                await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), cancellationToken).ConfigureAwait(false);
            var chunk = chunkFor(seq);
            if (stamp)
                BinaryPrimitives.WriteInt32LittleEndian(chunk, seq);
            var now = Stopwatch.GetTimestamp();
            Volatile.Write(ref _sentAt[seq], now);
            var lag = now - due;
            if (lag > Stopwatch.Frequency / 200)
                LateSends++;
            if (lag > MaxSendLagTicks)
                MaxSendLagTicks = lag;
            await send(chunk).ConfigureAwait(false);
        }
    }

    /// <summary>An echo of chunk <paramref name="seq"/> arrived at <paramref name="at"/>.</summary>
    public void Echoed(int seq, long at)
    {
        if ((uint)seq >= (uint)totalChunks || Volatile.Read(ref _sentAt[seq]) == 0)
        {
            Unknown++;
            return;
        }
        if (_rttTicks[seq] != 0)
        {
            Duplicates++;
            return;
        }
        _rttTicks[seq] = Math.Max(1, at - _sentAt[seq]);
    }

    /// <summary>Round trips (µs) of the chunks in the measured window, and how many of them never came back.</summary>
    public (List<double> RttUs, int Lost) Window()
    {
        var rtts = new List<double>(windowTo - windowFrom);
        var lost = 0;
        for (var seq = windowFrom; seq < windowTo; seq++)
        {
            if (_sentAt[seq] == 0)
                continue; // never sent (stopped early)
            if (_rttTicks[seq] == 0)
                lost++;
            else
                rtts.Add(_rttTicks[seq] * 1e6 / Stopwatch.Frequency);
        }
        return (rtts, lost);
    }

    /// <summary>A chunk of a 220 Hz tone at <paramref name="amplitude"/> (0 for silence).</summary>
    public static byte[] NewChunk(double amplitude = 800)
    {
        var chunk = new byte[ChunkBytes];
        for (var i = 0; i < ChunkBytes / 2; i++)
            BinaryPrimitives.WriteInt16LittleEndian(chunk.AsSpan(i * 2), (short)(amplitude * Math.Sin(2 * Math.PI * 220 * i / 24_000.0)));
        return chunk;
    }
}
