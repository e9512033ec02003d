using System.Buffers;
using System.Runtime.InteropServices;

namespace VoiceSite.Recordings;

/// <summary>
/// One voice of a recording: PCM16 chunks placed at sample positions (24 kHz, session-relative), in order and never
/// overlapping, kept until they are mixed. Chunk buffers are rented from <see cref="ArrayPool{T}.Shared"/> by the
/// caller and returned here once mixed or cut.
/// </summary>
internal sealed class AudioTrack
{
    private readonly List<Segment> _segments = [];

    /// <summary>End of the last chunk placed (0 before any).</summary>
    public long End { get; private set; }

    public void Add(long start, byte[] buffer, int bytes, Guid turn = default, long turnOffset = 0)
    {
        if (start < End)
            throw new ArgumentOutOfRangeException(nameof(start), "Chunks are placed in order without overlap.");
        var segment = new Segment(start, buffer, bytes / 2, turn, turnOffset);
        _segments.Add(segment);
        End = segment.End;
    }

    /// <summary>Adds the samples in [<paramref name="from"/>, from + mix.Length) to <paramref name="mix"/>.</summary>
    public void MixInto(Span<int> mix, long from)
    {
        var to = from + mix.Length;
        foreach (var segment in _segments)
        {
            if (segment.Start >= to)
                break;
            if (segment.End <= from)
                continue;
            var first = Math.Max(from, segment.Start);
            var last = Math.Min(to, segment.End);
            var samples = MemoryMarshal.Cast<byte, short>(segment.Buffer.AsSpan(0, segment.Samples * 2));
            var source = samples.Slice((int)(first - segment.Start), (int)(last - first));
            var target = mix.Slice((int)(first - from));
            for (var i = 0; i < source.Length; i++)
                target[i] += source[i];
        }
    }

    /// <summary>Returns the buffers of chunks that end at or before <paramref name="position"/> (already mixed).</summary>
    public void Release(long position)
    {
        var count = 0;
        while (count < _segments.Count && _segments[count].End <= position)
            ArrayPool<byte>.Shared.Return(_segments[count++].Buffer);
        _segments.RemoveRange(0, count);
    }

    /// <summary>
    /// Keeps only the first <paramref name="keepSamples"/> samples of <paramref name="turn"/>'s audio still here
    /// (counted from the turn's first sample); returns where its kept audio now ends, or null when none of it is here.
    /// </summary>
    public long? CutTurn(Guid turn, long keepSamples)
    {
        long? end = null;
        for (var i = 0; i < _segments.Count; i++)
        {
            var segment = _segments[i];
            if (segment.Turn != turn)
                continue;
            if (segment.TurnOffset >= keepSamples)
            {
                ArrayPool<byte>.Shared.Return(segment.Buffer);
                _segments.RemoveAt(i--);
                end ??= segment.Start;
                continue;
            }
            var keep = keepSamples - segment.TurnOffset;
            if (keep < segment.Samples)
                _segments[i] = segment with { Samples = (int)keep };
            end = _segments[i].End;
        }
        End = _segments.Count > 0 ? Math.Max(_segments[^1].End, end ?? 0) : end ?? End;
        return end;
    }

    /// <summary>Returns every buffer still held.</summary>
    public void Clear()
    {
        foreach (var segment in _segments)
            ArrayPool<byte>.Shared.Return(segment.Buffer);
        _segments.Clear();
    }

    private readonly record struct Segment(long Start, byte[] Buffer, int Samples, Guid Turn, long TurnOffset)
    {
        public long End => Start + Samples;
    }
}
