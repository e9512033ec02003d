using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using VoiceSite.Data.Entities;
using VoiceSite.Recordings;
using VoiceSite.Recordings.Ogg;
using VoiceSite.Simulator;

namespace VoiceSite.Bench;

/// <summary>The recorder on the relay path of a live site (per chunk), and the size of a recording per minute.</summary>
internal static class RecordingBenchmarks
{
    private const string ReplyText = "Thanks for coming in today. Tell me about a project you are proud of, and what you would do differently next time.";

    /// <summary>The size of 10 minutes of conversation (the encode's CPU cost is a micro benchmark: bench/VoiceSite.Micro).</summary>
    public static List<string> SizeNotes()
    {
        var bytesPerMinute = TenMinutesBytes() / 10.0;
        return
        [
            string.Create(CultureInfo.InvariantCulture, $"Recording size: {bytesPerMinute / 1024:0} KiB per minute of conversation; a 10-minute conversation takes {bytesPerMinute * 10 / 1_000_000:0.00} MB (limit 3 MB)."),
        ];
    }

    /// <summary>Ogg Opus bytes for 10 minutes of alternating speech-like reply and user tone.</summary>
    private static long TenMinutesBytes()
    {
        var reply = SpeechLikeAudio.Synthesize(ReplyText);
        var user = Signals.Concat(Signals.Tone(1000, 1500), Signals.Silence(1000));
        var both = Signals.Concat(user, reply);
        var encoder = new OggOpusEncoder(24_000, 5, 50, serial: 1);
        var output = new ArrayBufferWriter<byte>();
        encoder.WriteHeaders(output);
        var frame = new short[OggOpusEncoder.FrameSamples];
        var total = 0L;
        for (var f = 0; f < 10 * 60 * 50; f++)
        {
            var offset = f * 960 % (both.Length - 960);
            for (var s = 0; s < frame.Length; s++)
                frame[s] = BitConverter.ToInt16(both, offset + 2 * s);
            encoder.EncodeFrame(frame);
            if (encoder.PageReady)
            {
                encoder.WritePage(output);
                total += output.WrittenCount;
                output.ResetWrittenCount();
            }
        }
        encoder.Finish(output, 10 * 60 * 24_000L);
        return total + output.WrittenCount;
    }

    /// <summary><see cref="SessionRecorder.User"/> on a live recorder of the site: what recording adds to each relayed chunk.</summary>
    public static async Task<List<Row>> RelayPathAsync(BenchSite site, string email, int batches = 300)
    {
        await site.SetRecordingAsync(true);
        var conversation = await site.CreateConversationAsync(email);
        var recorder = await site.Services.GetRequiredService<SessionRecorders>().StartAsync(conversation, VoiceMode.Realtime, CancellationToken.None);
        if (!recorder.IsRecording)
            throw new InvalidOperationException("Recording is off: nothing to measure.");
        var chunk = Signals.Tone(440, 20);
        var perChunk = new List<double>(batches);
        for (var b = 0; b < batches + 50; b++)
        {
            var start = Stopwatch.GetTimestamp();
            for (var c = 0; c < 10; c++)
                recorder.User(chunk);
            if (b >= 50)
                perChunk.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds * 1000 / 10);
            await Task.Delay(20); // the background task drains the queue, as it does at real time
        }
        await recorder.DisposeAsync();
        return [new("Recorder on the relay path", "SessionRecorder.User: ns per 20 ms chunk (copy + queue)", perChunk)];
    }

    private static void Place(Action<long, byte[], int> add, long arrival, ReadOnlySpan<byte> source, int bytes)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(bytes);
        source.CopyTo(buffer);
        add(arrival, buffer, bytes);
    }

    private static ReadOnlySpan<byte> Slice(byte[] pcm, int index, int bytes) => pcm.AsSpan(index * bytes % (pcm.Length - bytes - pcm.Length % 2), bytes);
}
