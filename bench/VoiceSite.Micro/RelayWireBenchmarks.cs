// Experimental GA realtime client types, as in the site (RealtimeConnector).
#pragma warning disable OPENAI001, OPENAI002

using System.Buffers;
using System.ClientModel.Primitives;
using System.Text;
using BenchmarkDotNet.Attributes;
using OpenAI;
using OpenAI.Realtime;
using VoiceSite.Bench;
using VoiceSite.Voice.Realtime;

namespace VoiceSite.Micro;

/// <summary>
/// The relay's per-chunk wire work, the site's own reader/writer (RealtimeWire) against the OpenAI client's models it
/// replaced: a 20 ms microphone chunk written as <c>input_audio_buffer.append</c>, and a 20 ms
/// <c>response.output_audio.delta</c> read into the array that goes to the browser. One operation = one chunk. The
/// client still opens and owns the socket and reads every other event; this is the measurement behind RealtimeWire.
/// </summary>
[MemoryDiagnoser]
public class RelayWireBenchmarks
{
    private byte[] _chunk = [];
    private byte[] _deltaJson = [];
    private BinaryData _chunkData = null!;
    private readonly RealtimeIds _ids = new();

    [GlobalSetup]
    public void Setup()
    {
        _chunk = Signals.Tone(440, 20);
        _chunkData = BinaryData.FromBytes(_chunk);
        _deltaJson = Encoding.UTF8.GetBytes(
            $$"""{"type":"response.output_audio.delta","event_id":"event_B2k8","response_id":"resp_C7x1","item_id":"item_C7x2","output_index":0,"content_index":0,"delta":"{{Convert.ToBase64String(_chunk)}}"}""");
        if (!RealtimeWire.TryReadAudioDelta(_deltaJson, _ids, out _, out _, out var audio, out var length) || !audio!.AsSpan(0, length).SequenceEqual(_chunk))
            throw new InvalidOperationException("RealtimeWire did not read the delta back: the benchmark input is wrong.");
        ArrayPool<byte>.Shared.Return(audio!);
        if (ClientRead() != _chunk.Length)
            throw new InvalidOperationException("The client's model did not read the delta: the benchmark input is wrong.");
    }

    [Benchmark(Description = "append: RealtimeWire into a pooled buffer", Baseline = true)]
    public int AppendWire()
    {
        var length = RealtimeWire.WriteAppend(_chunk, out var message);
        ArrayPool<byte>.Shared.Return(message);
        return length;
    }

    [Benchmark(Description = "append: the client's command model (SendInputAudioAsync)")]
    public int AppendClient() =>
        ModelReaderWriter.Write(new RealtimeClientCommandInputAudioBufferAppend(_chunkData), ModelReaderWriterOptions.Json, OpenAIContext.Default).ToMemory().Length;

    [Benchmark(Description = "audio delta: RealtimeWire read into a pooled buffer")]
    public int DeltaWire()
    {
        if (!RealtimeWire.TryReadAudioDelta(_deltaJson, _ids, out _, out _, out var audio, out var length))
            return 0;
        ArrayPool<byte>.Shared.Return(audio!);
        return length;
    }

    [Benchmark(Description = "audio delta: the client's typed update + ToArray")]
    public int DeltaClient() => ClientRead();

    private int ClientRead()
    {
        // What the receive loop did per event: the client copies each received message (BinaryData), reads the typed update,
        // and the relay took the audio out as an array.
        var update = ModelReaderWriter.Read<RealtimeServerUpdate>(BinaryData.FromBytes(_deltaJson.ToArray()), ModelReaderWriterOptions.Json, OpenAIContext.Default);
        return update is RealtimeServerUpdateResponseOutputAudioDelta delta ? delta.Delta.ToArray().Length : 0;
    }
}
