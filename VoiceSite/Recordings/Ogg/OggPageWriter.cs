using System.Buffers;
using System.Buffers.Binary;

namespace VoiceSite.Recordings.Ogg;

[Flags]
internal enum OggPageFlags : byte
{
    None = 0,
    Continued = 0x01,
    BeginOfStream = 0x02,
    EndOfStream = 0x04,
}

/// <summary>
/// Frames packets into Ogg pages (RFC 3533) of one logical stream. Written here because Concentus 2.x ships the
/// codec only ("It does NOT contain code to parse .ogg or .opus container files", its package description), and the
/// separate Concentus.OggFile package is not obtainable here; a page writer is ~80 lines. Each page holds whole
/// packets only (never split across pages), which is all an Opus recording of 20 ms packets needs.
/// </summary>
internal sealed class OggPageWriter(uint serial)
{
    private const int HeaderBytes = 27;
    private const int MaxSegments = 255;
    private uint _sequence;

    /// <summary>Lacing values needed for these packets (a packet of L bytes takes L/255 + 1).</summary>
    public static int SegmentsFor(int packetLength) => packetLength / 255 + 1;

    /// <summary>Largest number of segments one page takes.</summary>
    public static int SegmentLimit => MaxSegments;

    /// <summary>Appends one page holding <paramref name="packets"/> (whole) to <paramref name="output"/>.</summary>
    public void WritePage(IBufferWriter<byte> output, IReadOnlyList<ReadOnlyMemory<byte>> packets, long granulePosition, OggPageFlags flags)
    {
        var segments = 0;
        var body = 0;
        foreach (var packet in packets)
        {
            segments += SegmentsFor(packet.Length);
            body += packet.Length;
        }
        if (segments > MaxSegments)
            throw new ArgumentException($"{segments} lacing values do not fit one Ogg page (255 at most).", nameof(packets));

        var size = HeaderBytes + segments + body;
        var page = output.GetSpan(size)[..size];
        "OggS"u8.CopyTo(page);
        page[4] = 0; // stream structure version
        page[5] = (byte)flags;
        BinaryPrimitives.WriteInt64LittleEndian(page[6..], granulePosition);
        BinaryPrimitives.WriteUInt32LittleEndian(page[14..], serial);
        BinaryPrimitives.WriteUInt32LittleEndian(page[18..], _sequence++);
        BinaryPrimitives.WriteUInt32LittleEndian(page[22..], 0); // CRC, filled in below
        page[26] = (byte)segments;

        var lacing = HeaderBytes;
        var data = HeaderBytes + segments;
        foreach (var packet in packets)
        {
            for (var left = packet.Length; ; left -= 255)
            {
                page[lacing++] = (byte)Math.Min(left, 255);
                if (left < 255)
                    break;
            }
            packet.Span.CopyTo(page[data..]);
            data += packet.Length;
        }
        BinaryPrimitives.WriteUInt32LittleEndian(page[22..], OggCrc.Compute(page));
        output.Advance(size);
    }
}

/// <summary>
/// The Ogg page checksum: CRC-32 with the generator polynomial 0x04C11DB7, most significant bit first, initial value 0
/// and no final XOR (not the reflected zlib CRC-32), over the whole page with its CRC field zeroed.
/// </summary>
internal static class OggCrc
{
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0u;
        foreach (var b in data)
            crc = (crc << 8) ^ Table[(byte)(crc >> 24) ^ b];
        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (var i = 0u; i < 256; i++)
        {
            var r = i << 24;
            for (var bit = 0; bit < 8; bit++)
                r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04C11DB7 : r << 1;
            table[i] = r;
        }
        return table;
    }
}
