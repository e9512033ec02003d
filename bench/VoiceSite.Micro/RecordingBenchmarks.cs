using System.Buffers;
using BenchmarkDotNet.Attributes;
using Concentus;
using Concentus.Enums;
using VoiceSite.Bench;
using VoiceSite.Recordings;
using VoiceSite.Recordings.Ogg;
using VoiceSite.Simulator;

namespace VoiceSite.Micro;

/// <summary>
/// The recorder's background work per 20 ms of conversation: a chunk of each voice placed on the timeline, mixed, Opus
/// encoded (24 kbit/s, complexity 5) and paged into Ogg, as SessionRecorder's task does; and the encoder alone. One
/// operation = 20 ms of audio. Concentus uses the system's libopus when <c>libopus.so</c> loads, else its managed port:
/// the implementation is printed at set-up, and both were measured (bench/results.md).
/// </summary>
public class RecordingBenchmarks
{
    private const int ChunkBytes = 960;
    private byte[] _user = [];
    private byte[] _reply = [];
    private RecordingTimeline _timeline = null!;
    private OggOpusEncoder _encoder = null!;
    private ArrayBufferWriter<byte> _output = null!;
    private readonly short[] _frame = new short[OggOpusEncoder.FrameSamples];
    private readonly Guid _turn = Guid.NewGuid();
    private readonly byte[] _packet = new byte[1275];
    private IOpusEncoder _opus = null!;
    private long _position;
    private int _index;

    /// <summary>Native libopus (when the system's libopus.so loads) or Concentus's managed port: both are measured.</summary>
    [Params(true, false)]
    public bool NativeOpus { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        OpusCodecFactory.AttemptToUseNativeLibrary = NativeOpus;
        _reply = SpeechLikeAudio.Synthesize("Thanks for coming in today. Tell me about a project you are proud of, and what you would do differently next time.");
        _user = Signals.Concat(Signals.Tone(1000, 1500), Signals.Silence(1000));
        _timeline = new RecordingTimeline();
        _encoder = new OggOpusEncoder(24_000, 5, 50, serial: 1);
        _output = new ArrayBufferWriter<byte>();
        _encoder.WriteHeaders(_output);
        _opus = OpusCodecFactory.CreateEncoder(24_000, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        _opus.Bitrate = 24_000;
        _opus.Complexity = 5;
        Console.WriteLine($"// Opus encoder: {_opus.GetType().FullName} ({_opus.GetVersionString()})");
        if (NativeOpus != _opus.GetType().Name.StartsWith("Native", StringComparison.Ordinal))
            throw new InvalidOperationException($"Asked for {(NativeOpus ? "native libopus" : "the managed port")} but got {_opus.GetVersionString()} (is libopus.so installed? scripts/ensure-test-tools.sh).");
    }

    /// <summary>The Opus encoder alone (Concentus; which implementation it picked is printed at set-up).</summary>
    [Benchmark(Description = "Recording: Opus encode alone (20 ms)")]
    public int EncodeOnly()
    {
        for (var s = 0; s < _frame.Length; s++)
            _frame[s] = (short)(_reply[(2 * s + _index * ChunkBytes) % (_reply.Length - 1)] << 4);
        _index++;
        return _opus.Encode(_frame, OggOpusEncoder.FrameSamples, _packet, _packet.Length);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _timeline.Clear();
        _encoder.Dispose();
        _opus.Dispose();
        OpusCodecFactory.AttemptToUseNativeLibrary = true;
    }

    [Benchmark(Description = "Recording: place both voices + mix + Opus encode + Ogg page (20 ms)")]
    public int MixAndEncode()
    {
        var user = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        Slice(_user, _index).CopyTo(user);
        _timeline.AddUser(_position + 480, user, ChunkBytes);
        var assistant = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        Slice(_reply, _index).CopyTo(assistant);
        _timeline.AddAssistant(_turn, _position, assistant, ChunkBytes);
        _timeline.Settle(long.MaxValue);
        _timeline.MixNext(_frame);
        _encoder.EncodeFrame(_frame);
        var written = 0;
        if (_encoder.PageReady)
        {
            _encoder.WritePage(_output);
            written = _output.WrittenCount;
            _output.ResetWrittenCount();
        }
        _position += 480;
        _index++;
        return written;
    }

    private static ReadOnlySpan<byte> Slice(byte[] pcm, int index) => pcm.AsSpan(index * ChunkBytes % (pcm.Length - ChunkBytes - pcm.Length % 2), ChunkBytes);
}
