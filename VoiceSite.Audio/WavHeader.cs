using System.Buffers.Binary;

namespace VoiceSite.Audio;

/// <summary>The format fields of a PCM WAV header.</summary>
/// <param name="DataLength">Bytes of audio in the <c>data</c> chunk; null when the header says the length is unknown (streamed).</param>
public readonly record struct WavFormat(int SampleRate, int Channels, int BitsPerSample, long? DataLength)
{
    public bool IsPcm16Mono(int sampleRate) => SampleRate == sampleRate && Channels == 1 && BitsPerSample == 16;
}

/// <summary>
/// The canonical 44-byte RIFF/WAVE header for integer PCM: <c>RIFF</c>, <c>WAVE</c>, a 16-byte <c>fmt </c> chunk
/// and the <c>data</c> chunk header.
/// </summary>
/// <remarks>
/// For a stream whose length is not known when the header goes out (the chunked upload to Azure speech-to-text),
/// both size fields are written as 0: the Microsoft Speech SDK sends exactly that header when it streams audio to
/// the service, and the short-audio REST endpoint reads the data to the end of the request body. Readers here
/// (<see cref="TryParse"/>) treat a data size of 0 or 0xFFFFFFFF as "unknown, read to the end".
/// </remarks>
public static class WavHeader
{
    public const int Size = 44;

    private const int FormatPcm = 1;

    /// <summary>Writes a header into the first 44 bytes of <paramref name="destination"/>.</summary>
    /// <param name="dataLength">Audio bytes that follow, or null for a stream of unknown length.</param>
    public static void Write(Span<byte> destination, int sampleRate, long? dataLength = null, int channels = 1, int bitsPerSample = 16)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, Size, nameof(destination));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        if (bitsPerSample is not (8 or 16 or 24 or 32))
            throw new ArgumentOutOfRangeException(nameof(bitsPerSample), "PCM sample size must be 8, 16, 24 or 32 bits.");
        if (dataLength is < 0 or > uint.MaxValue - (Size - 8))
            throw new ArgumentOutOfRangeException(nameof(dataLength), "A WAV file holds at most 4 GB of audio.");

        var blockAlign = channels * bitsPerSample / 8;
        var data = (uint)(dataLength ?? 0);
        var riff = dataLength is null ? 0u : data + (Size - 8);

        "RIFF"u8.CopyTo(destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], riff);
        "WAVE"u8.CopyTo(destination[8..]);
        "fmt "u8.CopyTo(destination[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[20..], FormatPcm);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[22..], (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[24..], (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[28..], (uint)(sampleRate * blockAlign));
        BinaryPrimitives.WriteUInt16LittleEndian(destination[32..], (ushort)blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[34..], (ushort)bitsPerSample);
        "data"u8.CopyTo(destination[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[40..], data);
    }

    /// <summary>A new 44-byte header.</summary>
    public static byte[] Create(int sampleRate, long? dataLength = null, int channels = 1, int bitsPerSample = 16)
    {
        var header = new byte[Size];
        Write(header, sampleRate, dataLength, channels, bitsPerSample);
        return header;
    }

    /// <summary>
    /// Reads a PCM WAV header: RIFF/WAVE, a <c>fmt </c> chunk with format 1 (PCM) or WAVE_FORMAT_EXTENSIBLE, and any
    /// chunks (LIST, fact, ...) up to the <c>data</c> chunk header.
    /// </summary>
    /// <param name="headerLength">Bytes up to and including the <c>data</c> chunk header: the audio starts there.</param>
    /// <returns>
    /// <see cref="WavParseResult.Ok"/>; <see cref="WavParseResult.NeedMoreData"/> when <paramref name="bytes"/> ends before
    /// the data chunk (call again with more); <see cref="WavParseResult.Invalid"/> when it is not PCM WAV.
    /// </returns>
    public static WavParseResult TryParse(ReadOnlySpan<byte> bytes, out WavFormat format, out int headerLength)
    {
        format = default;
        headerLength = 0;
        if (bytes.Length < 12)
            return StartsLike(bytes, "RIFF"u8) ? WavParseResult.NeedMoreData : WavParseResult.Invalid;
        if (!bytes[..4].SequenceEqual("RIFF"u8) || !bytes[8..12].SequenceEqual("WAVE"u8))
            return WavParseResult.Invalid;

        var position = 12;
        int? sampleRate = null, channels = null, bits = null;
        while (true)
        {
            if (bytes.Length < position + 8)
                return WavParseResult.NeedMoreData;
            var id = bytes.Slice(position, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(position + 4, 4));
            position += 8;
            if (id.SequenceEqual("data"u8))
            {
                if (sampleRate is null)
                    return WavParseResult.Invalid; // data before fmt
                headerLength = position;
                format = new WavFormat(sampleRate.Value, channels!.Value, bits!.Value, size is 0 or uint.MaxValue ? null : size);
                return WavParseResult.Ok;
            }
            if (size > 1 << 20)
                return WavParseResult.Invalid; // no sane header chunk is this big
            var padded = (int)size + (int)(size & 1);
            if (id.SequenceEqual("fmt "u8))
            {
                if (size < 16)
                    return WavParseResult.Invalid;
                if (bytes.Length < position + 16)
                    return WavParseResult.NeedMoreData;
                var tag = BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(position, 2));
                if (tag is not (FormatPcm or 0xFFFE))
                    return WavParseResult.Invalid;
                channels = BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(position + 2, 2));
                sampleRate = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(position + 4, 4));
                bits = BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(position + 14, 2));
            }
            position += padded;
        }
    }

    private static bool StartsLike(ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> prefix) =>
        prefix[..Math.Min(prefix.Length, bytes.Length)].SequenceEqual(bytes[..Math.Min(prefix.Length, bytes.Length)]);
}

public enum WavParseResult
{
    Ok,
    NeedMoreData,
    Invalid,
}
