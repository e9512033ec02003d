using System.Buffers;
using System.Buffers.Binary;
using Concentus;
using Concentus.Enums;

namespace VoiceSite.Recordings.Ogg;

/// <summary>
/// Encodes 24 kHz mono PCM16 to Ogg Opus (RFC 7845) page by page, so the bytes written so far are always a
/// playable file: an <c>OpusHead</c> page, an <c>OpusTags</c> page, then audio pages of 20 ms packets whose granule
/// positions count 48 kHz samples (pre-skip included). <see cref="Finish"/> pads out the encoder's delay and ends
/// the stream with the exact length (end trimming through the last granule position).
/// </summary>
internal sealed class OggOpusEncoder : IDisposable
{
    public const int SampleRate = 24_000;

    /// <summary>20 ms at 24 kHz.</summary>
    public const int FrameSamples = 480;

    private const int GranulePerFrame = 960; // 20 ms at 48 kHz, the rate of every Ogg Opus granule position
    private const int MaxPacketBytes = 1275;

    private readonly IOpusEncoder _encoder;
    private readonly OggPageWriter _pages;
    private readonly List<ReadOnlyMemory<byte>> _pending = [];
    private readonly byte[] _packet = new byte[MaxPacketBytes];
    private readonly int _packetsPerPage;
    private int _pendingSegments;
    private long _frames;
    private long _lastGranule;

    public OggOpusEncoder(int bitrate, int complexity, int packetsPerPage, uint serial)
    {
        _encoder = OpusCodecFactory.CreateEncoder(SampleRate, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        _encoder.Bitrate = bitrate;
        _encoder.Complexity = complexity;
        _encoder.SignalType = OpusSignal.OPUS_SIGNAL_VOICE;
        _encoder.UseVBR = true;
        _packetsPerPage = Math.Clamp(packetsPerPage, 1, 200);
        _pages = new OggPageWriter(serial);
        // The encoder's delay, in 48 kHz samples: decoders drop this much from the start.
        PreSkip = _encoder.Lookahead * (48_000 / SampleRate);
    }

    /// <summary>
    /// Which Opus encoder Concentus chose, e.g. "libopus 1.3.1" (native, when the system's <c>libopus.so</c> loads: no
    /// allocation and about 40 % less CPU per frame, bench/results.md) or "Concentus 2.1.2" (its managed port, about
    /// 110 KB of garbage per 20 ms frame).
    /// </summary>
    public string Implementation => _encoder.GetVersionString();

    /// <summary>Samples (48 kHz) a decoder drops from the start: the encoder's delay.</summary>
    public int PreSkip { get; }

    /// <summary>Frames encoded so far (20 ms each).</summary>
    public long Frames => _frames;

    /// <summary>Whether a full page of packets is waiting for <see cref="WritePage"/> (by time, or by the page's 255 lacing values).</summary>
    public bool PageReady => _pending.Count >= _packetsPerPage
        || _pendingSegments > OggPageWriter.SegmentLimit - 2 * OggPageWriter.SegmentsFor(MaxPacketBytes);

    public bool HasPending => _pending.Count > 0;

    /// <summary>Playable length of what <see cref="WritePage"/> has written, in ms (decoded samples less the pre-skip).</summary>
    public int WrittenMs { get; private set; }

    public void WriteHeaders(IBufferWriter<byte> output)
    {
        Span<byte> head = stackalloc byte[19];
        "OpusHead"u8.CopyTo(head);
        head[8] = 1; // version
        head[9] = 1; // channels
        BinaryPrimitives.WriteUInt16LittleEndian(head[10..], (ushort)PreSkip);
        BinaryPrimitives.WriteUInt32LittleEndian(head[12..], SampleRate); // input rate, informational
        BinaryPrimitives.WriteInt16LittleEndian(head[16..], 0);           // output gain
        head[18] = 0;                                                     // channel mapping family 0: mono/stereo
        _pages.WritePage(output, [head.ToArray()], 0, OggPageFlags.BeginOfStream);

        var vendor = "VoiceSite recording (Concentus Opus)"u8;
        var tags = new byte[8 + 4 + vendor.Length + 4];
        "OpusTags"u8.CopyTo(tags);
        BinaryPrimitives.WriteUInt32LittleEndian(tags.AsSpan(8), (uint)vendor.Length);
        vendor.CopyTo(tags.AsSpan(12));
        BinaryPrimitives.WriteUInt32LittleEndian(tags.AsSpan(12 + vendor.Length), 0); // no user comments
        _pages.WritePage(output, [tags], 0, OggPageFlags.None);
    }

    /// <summary>Encodes one 20 ms frame (<see cref="FrameSamples"/> samples); the packet waits for the next page.</summary>
    public void EncodeFrame(ReadOnlySpan<short> frame)
    {
        if (frame.Length != FrameSamples)
            throw new ArgumentException($"A frame is {FrameSamples} samples.", nameof(frame));
        var length = _encoder.Encode(frame, FrameSamples, _packet, _packet.Length);
        _pending.Add(_packet.AsSpan(0, length).ToArray());
        _pendingSegments += OggPageWriter.SegmentsFor(length);
        _frames++;
        if (_pendingSegments > OggPageWriter.SegmentLimit - OggPageWriter.SegmentsFor(MaxPacketBytes))
            throw new InvalidOperationException("Write a page before encoding more: the next packet might not fit.");
    }

    /// <summary>Writes the waiting packets as one page (granule position: every sample decoded so far).</summary>
    public void WritePage(IBufferWriter<byte> output) => WritePage(output, _frames * GranulePerFrame, OggPageFlags.None);

    /// <summary>
    /// Ends the stream at exactly <paramref name="totalSamples"/> (24 kHz) of audio: encodes silence until the
    /// encoder's delay is flushed out, then writes the last page with the end-of-stream flag and a granule position
    /// that trims the padding.
    /// </summary>
    public void Finish(IBufferWriter<byte> output, long totalSamples)
    {
        Span<short> silence = stackalloc short[FrameSamples];
        silence.Clear();
        // Just enough frames to flush the delay out (end trimming of less than one packet, as RFC 7845 prefers), and
        // at least one packet on the last page, which carries the end-of-stream flag.
        var needed = totalSamples + PreSkip / 2;
        while (_frames * FrameSamples < needed || _pending.Count == 0)
        {
            if (PageReady)
                WritePage(output);
            EncodeFrame(silence);
        }
        // Granule positions never go back: a page written after the padded last frame already counts it.
        WritePage(output, Math.Max(_lastGranule, PreSkip + totalSamples * 2), OggPageFlags.EndOfStream);
    }

    /// <summary>Frees the native encoder's memory (libopus) at once rather than at finalization.</summary>
    public void Dispose() => _encoder.Dispose();

    private void WritePage(IBufferWriter<byte> output, long granule, OggPageFlags flags)
    {
        _pages.WritePage(output, _pending, granule, flags);
        _pending.Clear();
        _pendingSegments = 0;
        _lastGranule = granule;
        WrittenMs = (int)Math.Max(0, (granule - PreSkip) / 48);
    }
}
