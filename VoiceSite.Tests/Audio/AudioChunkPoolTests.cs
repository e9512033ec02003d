using System.Buffers;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;
using VoiceSite.Audio;
using VoiceSite.Voice;

namespace VoiceSite.Tests.Audio;

public sealed class AudioChunkPoolTests
{
    [Fact]
    public void A_returned_chunk_is_rented_again_for_its_exact_length_only()
    {
        var pool = new AudioChunkPool();
        var chunk = pool.Rent(1920);
        Assert.Equal(1920, chunk.Length);
        pool.Return(chunk);
        Assert.Equal(1920, pool.RetainedBytes);

        var other = pool.Rent(960);
        Assert.NotSame(chunk, other);
        Assert.Equal(960, other.Length);
        Assert.Same(chunk, pool.Rent(1920));
        Assert.Equal(0, pool.RetainedBytes);
        Assert.NotSame(chunk, pool.Rent(1920)); // rented once, not twice
        Assert.Empty(pool.Rent(0));
    }

    [Fact]
    public void It_holds_no_more_than_its_bytes_and_lengths_and_nothing_over_the_chunk_limit()
    {
        var pool = new AudioChunkPool(maxRetainedBytes: 10_000);
        for (var i = 0; i < 10; i++)
            pool.Return(new byte[1920]);
        Assert.Equal(5 * 1920, pool.RetainedBytes); // the sixth would pass 10,000

        var lengths = new AudioChunkPool();
        for (var length = 2; length <= 2 * (AudioChunkPool.MaxLengths + 5); length += 2)
            lengths.Return(new byte[length]);
        Assert.Equal(Enumerable.Range(1, AudioChunkPool.MaxLengths).Sum(n => 2 * n), lengths.RetainedBytes);

        lengths.Return(new byte[AudioChunkRules.MaxBytes + 2]);
        lengths.Return([]);
        Assert.Equal(Enumerable.Range(1, AudioChunkPool.MaxLengths).Sum(n => 2 * n), lengths.RetainedBytes);
    }

    [Fact]
    public void Racing_renters_and_returners_never_share_an_array()
    {
        var pool = new AudioChunkPool();
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<byte[], int>(ReferenceEqualityComparer.Instance);
        var clash = 0;
        Parallel.For(0, 20_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            var chunk = pool.Rent(960);
            if (!seen.TryAdd(chunk, 0))
                Interlocked.Increment(ref clash);
            Thread.SpinWait(50);
            seen.TryRemove(chunk, out var _);
            pool.Return(chunk);
        });
        Assert.Equal(0, clash);
    }

    [Fact]
    public void The_hub_protocol_reads_a_microphone_chunk_into_a_pooled_array_and_writes_the_same_bytes_as_before()
    {
        var pool = new AudioChunkPool();
        var options = new MessagePackHubProtocolOptions();
        PooledChunkFormatter.Use(options, pool);
        var pooled = new MessagePackHubProtocol(Options.Create(options));
        var standard = new MessagePackHubProtocol();
        var audio = Enumerable.Range(0, 1920).Select(i => (byte)(i * 7)).ToArray();
        var message = new InvocationMessage("SendAudio", [audio]);

        var written = pooled.GetMessageBytes(message).ToArray();
        Assert.Equal(standard.GetMessageBytes(message).ToArray(), written); // the wire does not change

        var reused = new byte[1920];
        pool.Return(reused);
        var input = new ReadOnlySequence<byte>(written);
        Assert.True(pooled.TryParseMessage(ref input, new SendAudioBinder(), out var parsed));
        var argument = Assert.IsType<byte[]>(Assert.IsType<InvocationMessage>(parsed).Arguments[0]);
        Assert.Same(reused, argument);
        Assert.Equal(audio, argument);

        // Null and a reply's ReadOnlyMemory<byte> still go as before.
        Assert.Equal(standard.GetMessageBytes(new InvocationMessage("SendAudio", [null])).ToArray(),
            pooled.GetMessageBytes(new InvocationMessage("SendAudio", [null])).ToArray());
        var reply = new InvocationMessage("Audio", [new ReadOnlyMemory<byte>(audio)]);
        Assert.Equal(standard.GetMessageBytes(reply).ToArray(), pooled.GetMessageBytes(reply).ToArray());
    }

    private sealed class SendAudioBinder : IInvocationBinder
    {
        public IReadOnlyList<Type> GetParameterTypes(string methodName) => [typeof(byte[])];
        public Type GetReturnType(string invocationId) => typeof(object);
        public Type GetStreamItemType(string streamId) => typeof(object);
    }
}
