using System.Collections.Concurrent;

namespace VoiceSite.Audio;

/// <summary>
/// Arrays of an exact length for microphone chunks, used again once the relay has sent their audio on. The hub contract's
/// <c>SendAudio(byte[])</c> needs an array of exactly the chunk's length, which <see cref="System.Buffers.ArrayPool{T}"/>
/// does not give (it rounds up to powers of two); the browser's chunks all have one length, so a queue per length does.
/// Bounded: at most <see cref="MaxLengths"/> lengths and <c>maxRetainedBytes</c> held; past that an array goes to the GC.
/// </summary>
public sealed class AudioChunkPool(long maxRetainedBytes = AudioChunkPool.DefaultMaxRetainedBytes)
{
    /// <summary>Enough for about 1,000 chunks of the browser's 40 ms (1,920 bytes) in flight at once.</summary>
    public const long DefaultMaxRetainedBytes = 2 * 1024 * 1024;

    /// <summary>Chunk lengths kept apart; a client sending every length there is gets no more than these.</summary>
    public const int MaxLengths = 8;

    private readonly ConcurrentDictionary<int, ConcurrentQueue<byte[]>> _free = new();
    private long _retainedBytes;

    /// <summary>The pool the hub protocol reads microphone chunks into (see <c>PooledChunkFormatter</c>).</summary>
    public static AudioChunkPool Shared { get; } = new();

    /// <summary>Bytes held for reuse now.</summary>
    public long RetainedBytes => Interlocked.Read(ref _retainedBytes);

    /// <summary>An array of exactly <paramref name="length"/> bytes, with whatever it held before.</summary>
    public byte[] Rent(int length)
    {
        if (length > 0 && _free.TryGetValue(length, out var queue) && queue.TryDequeue(out var chunk))
        {
            Interlocked.Add(ref _retainedBytes, -length);
            return chunk;
        }
        return length == 0 ? [] : GC.AllocateUninitializedArray<byte>(length);
    }

    /// <summary>Gives an array back: the caller must not touch it afterwards, nor give it back twice.</summary>
    public void Return(byte[] chunk)
    {
        var length = chunk.Length;
        if (length is 0 or > AudioChunkRules.MaxBytes)
            return;
        if (!_free.TryGetValue(length, out var queue))
        {
            if (_free.Count >= MaxLengths)
                return;
            queue = _free.GetOrAdd(length, _ => new ConcurrentQueue<byte[]>());
        }
        if (Interlocked.Add(ref _retainedBytes, length) > maxRetainedBytes)
        {
            Interlocked.Add(ref _retainedBytes, -length);
            return;
        }
        queue.Enqueue(chunk);
    }
}
