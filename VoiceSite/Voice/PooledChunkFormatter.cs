using System.Buffers;
using MessagePack;
using MessagePack.Formatters;
using MessagePack.Resolvers;
using Microsoft.AspNetCore.SignalR;
using VoiceSite.Audio;

namespace VoiceSite.Voice;

/// <summary>
/// Reads MessagePack <c>bin</c> into an array from <see cref="AudioChunkPool"/> (the only <c>byte[]</c> the hub takes is
/// <c>SendAudio</c>'s microphone chunk; the realtime relay gives it back once its audio is on the upstream socket).
/// Writes exactly as MessagePack's own formatter does, so the wire does not change.
/// </summary>
internal sealed class PooledChunkFormatter(AudioChunkPool pool) : IMessagePackFormatter<byte[]?>
{
    public void Serialize(ref MessagePackWriter writer, byte[]? value, MessagePackSerializerOptions options) => writer.Write(value);

    public byte[]? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.ReadBytes() is not { } bytes)
            return null;
        var chunk = pool.Rent(checked((int)bytes.Length));
        bytes.CopyTo(chunk);
        return chunk;
    }

    /// <summary>The hub protocol's options with this formatter ahead of its own resolver (its security settings kept).</summary>
    public static void Use(MessagePackHubProtocolOptions options, AudioChunkPool pool) =>
        options.SerializerOptions = options.SerializerOptions.WithResolver(
            CompositeResolver.Create([new PooledChunkFormatter(pool)], [options.SerializerOptions.Resolver]));
}
