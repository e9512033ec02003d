using System.Buffers.Binary;
using System.Text;
using VoiceSite.Audio;

namespace VoiceSite.Tests.Audio;

public sealed class WavHeaderTests
{
    [Fact]
    public void Known_length_header_has_the_canonical_layout()
    {
        var header = WavHeader.Create(16_000, dataLength: 32_000);

        Assert.Equal(44, header.Length);
        Assert.Equal("RIFF", Encoding.ASCII.GetString(header, 0, 4));
        Assert.Equal(36u + 32_000, BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4)));
        Assert.Equal("WAVEfmt ", Encoding.ASCII.GetString(header, 8, 8));
        Assert.Equal(16u, BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(16)));
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(20)));      // PCM
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(22)));      // mono
        Assert.Equal(16_000u, BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(24)));
        Assert.Equal(32_000u, BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(28))); // byte rate
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(32)));      // block align
        Assert.Equal(16, BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(34)));
        Assert.Equal("data", Encoding.ASCII.GetString(header, 36, 4));
        Assert.Equal(32_000u, BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(40)));
    }

    [Fact]
    public void Streaming_header_leaves_both_sizes_zero_and_reads_back_as_unknown_length()
    {
        var header = WavHeader.Create(16_000);
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4)));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(40)));

        Assert.Equal(WavParseResult.Ok, WavHeader.TryParse(header, out var format, out var length));
        Assert.Equal(new WavFormat(16_000, 1, 16, null), format);
        Assert.Equal(44, length);
        Assert.True(format.IsPcm16Mono(16_000));
    }

    [Fact]
    public void Parse_round_trips_and_skips_extra_chunks_before_data()
    {
        Assert.Equal(WavParseResult.Ok, WavHeader.TryParse(WavHeader.Create(24_000, 480, channels: 2), out var format, out _));
        Assert.Equal(new WavFormat(24_000, 2, 16, 480), format);

        // RIFF, WAVE, fmt, a LIST chunk of 5 bytes (padded to 6), then data.
        var header = WavHeader.Create(16_000, 100);
        var list = new byte[8 + 6];
        "LIST"u8.CopyTo(list);
        BinaryPrimitives.WriteUInt32LittleEndian(list.AsSpan(4), 5);
        var withList = header[..36].Concat(list).Concat(header[36..]).ToArray();
        Assert.Equal(WavParseResult.Ok, WavHeader.TryParse(withList, out format, out var headerLength));
        Assert.Equal(58, headerLength);
        Assert.Equal(100, format.DataLength);
    }

    [Fact]
    public void Parse_asks_for_more_data_for_a_partial_header_and_rejects_what_is_not_pcm_wav()
    {
        var header = WavHeader.Create(16_000);
        for (var n = 0; n < 44; n++)
            Assert.Equal(WavParseResult.NeedMoreData, WavHeader.TryParse(header.AsSpan(0, n), out _, out _));

        Assert.Equal(WavParseResult.Invalid, WavHeader.TryParse("OggS\0\0\0\0\0\0\0\0\0\0"u8, out _, out _));
        var floatFormat = WavHeader.Create(16_000);
        floatFormat[20] = 3; // IEEE float
        Assert.Equal(WavParseResult.Invalid, WavHeader.TryParse(floatFormat, out _, out _));
    }

    [Fact]
    public void Write_rejects_impossible_formats()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WavHeader.Create(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => WavHeader.Create(16_000, bitsPerSample: 12));
        Assert.Throws<ArgumentOutOfRangeException>(() => WavHeader.Create(16_000, dataLength: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => WavHeader.Write(new byte[43], 16_000));
    }
}
