using System.Buffers.Binary;
using Concentus;

namespace VoiceSite.Tests.Recordings;

/// <summary>What a player finds in an Ogg Opus file.</summary>
/// <param name="Samples">Decoded PCM at 24 kHz, pre-skip and end trimming applied.</param>
/// <param name="Pages">Whole pages with a valid checksum.</param>
/// <param name="Ended">The last page carried the end-of-stream flag.</param>
public sealed record DecodedRecording(short[] Samples, int PreSkip, int Pages, bool Ended, long LastGranule)
{
    public double DurationMs => Samples.Length / 24.0;
}

/// <summary>
/// An independent reader for the tests: parses Ogg pages (checking each page's CRC as players do), reassembles
/// packets (lacing across pages included), checks the OpusHead and OpusTags headers, and decodes with Concentus.
/// A torn page at the end (a crash mid-write) is ignored, as players ignore it.
/// </summary>
public static class OggOpusReader
{
    public static DecodedRecording Decode(byte[] file)
    {
        var packets = new List<(byte[] Packet, long Granule)>();
        var partial = new List<byte>();
        var offset = 0;
        var pages = 0;
        var ended = false;
        long lastGranule = 0;
        uint? serial = null;
        while (offset + 27 <= file.Length)
        {
            Assert.True(file.AsSpan(offset, 4).SequenceEqual("OggS"u8), $"No page at byte {offset}.");
            var segments = file[offset + 26];
            if (offset + 27 + segments > file.Length)
                break; // torn
            var bodyLength = 0;
            for (var i = 0; i < segments; i++)
                bodyLength += file[offset + 27 + i];
            var size = 27 + segments + bodyLength;
            if (offset + size > file.Length)
                break; // torn
            var page = file.AsSpan(offset, size).ToArray();
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(page.AsSpan(22));
            page[22] = page[23] = page[24] = page[25] = 0;
            Assert.Equal(crc, Crc(page));
            var flags = file[offset + 5];
            var granule = BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan(offset + 6));
            var pageSerial = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset + 14));
            Assert.Equal(serial ?? pageSerial, pageSerial);
            serial = pageSerial;
            Assert.Equal((uint)pages, BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset + 18)));
            Assert.Equal(pages == 0, (flags & 0x02) != 0);

            var data = offset + 27 + segments;
            for (var i = 0; i < segments; i++)
            {
                int lace = file[offset + 27 + i];
                partial.AddRange(file.AsSpan(data, lace).ToArray());
                data += lace;
                if (lace < 255)
                {
                    packets.Add((partial.ToArray(), granule));
                    partial.Clear();
                }
            }
            if (granule >= 0)
                lastGranule = granule;
            ended = (flags & 0x04) != 0;
            pages++;
            offset += size;
        }

        Assert.True(packets.Count >= 2, "An Ogg Opus file starts with OpusHead and OpusTags.");
        var head = packets[0].Packet;
        Assert.True(head.AsSpan(0, 8).SequenceEqual("OpusHead"u8));
        Assert.Equal(1, head[8]);
        Assert.Equal(1, head[9]); // mono
        var preSkip = BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(10));
        Assert.True(packets[1].Packet.AsSpan(0, 8).SequenceEqual("OpusTags"u8));

        // Decoded at 48 kHz as browsers do (Concentus' own 24 kHz output of super-wideband hybrid packets is silent,
        // a decoder bug; the stream itself is fine), then every other sample: the content is below 12 kHz.
        var decoder = OpusCodecFactory.CreateDecoder(48_000, 1);
        var pcm48 = new List<short>();
        var frame = new short[5760];
        foreach (var (packet, _) in packets.Skip(2))
        {
            var n = decoder.Decode(packet, frame, frame.Length, false);
            pcm48.AddRange(frame.AsSpan(0, n).ToArray());
        }
        // End trimming: the last granule position (48 kHz, pre-skip included) says how much is audio.
        var length48 = ended ? Math.Min(pcm48.Count - preSkip, (int)(lastGranule - preSkip)) : pcm48.Count - preSkip;
        var samples = pcm48.Skip(preSkip).Take(Math.Max(0, length48)).Where((_, i) => i % 2 == 0).ToArray();
        return new DecodedRecording(samples, preSkip, pages, ended, lastGranule);
    }

    private static uint Crc(ReadOnlySpan<byte> data)
    {
        var crc = 0u;
        foreach (var b in data)
        {
            crc ^= (uint)b << 24;
            for (var bit = 0; bit < 8; bit++)
                crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
        }
        return crc;
    }
}
