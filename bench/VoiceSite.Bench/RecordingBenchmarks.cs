using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using VoiceSite.Data.Entities;
using VoiceSite.Recordings;
using VoiceSite.Recordings.Ogg;
using VoiceSite.Simulator;

namespace VoiceSite.Bench;

/// <summary>The recorder's cost: on the relay path (per chunk), and in the background (mix and Opus encode per second of audio, bytes per minute).</summary>
internal static class RecordingBenchmarks
{
    private const string ReplyText = "Thanks for coming in today. Tell me about a project you are proud of, and what you would do differently next time.";

    /// <summary>Mix + encode cost per 20 ms of audio (both voices), and the size of 10 minutes of conversation.</summary>
    public static (List<Row> Rows, List<string> Notes) Encoding(int batches = 300)
    {
        var reply = SpeechLikeAudio.Synthesize(ReplyText);
        var user = Signals.Concat(Signals.Tone(1000, 1500), Signals.Silence(1000));
        var timeline = new RecordingTimeline();
        var encoder = new OggOpusEncoder(24_000, 5, 50, serial: 1);
        var output = new ArrayBufferWriter<byte>();
        encoder.WriteHeaders(output);
        var frame = new short[OggOpusEncoder.FrameSamples];
        var position = 0L;
        var turn = Guid.NewGuid();

        // One 20 ms step: a chunk of each voice placed, then mixed, encoded and paged as the recorder's task does.
        void Step(int i)
        {
            const int bytes = 960;
            Place(timeline.AddUser, position + 480, Slice(user, i, bytes), bytes);
            var assistant = ArrayPool<byte>.Shared.Rent(bytes);
            Slice(reply, i, bytes).CopyTo(assistant);
            timeline.AddAssistant(turn, position, assistant, bytes);
            timeline.Settle(long.MaxValue);
            timeline.MixNext(frame);
            encoder.EncodeFrame(frame);
            if (encoder.PageReady)
            {
                encoder.WritePage(output);
                output.ResetWrittenCount();
            }
            position += 480;
        }

        var perChunk = new List<double>(batches);
        var i = 0;
        for (var w = 0; w < batches * 50; w++)
            Step(i++);
        for (var b = 0; b < batches; b++)
        {
            var start = Stopwatch.GetTimestamp();
            for (var c = 0; c < 50; c++)
                Step(i++);
            perChunk.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds / 50);
        }
        timeline.Clear();
        const string scenario = "Recording (one core, both voices, 24 kbit/s Opus)";
        var rows = new List<Row> { new(scenario, "mix + Opus encode + Ogg paging: µs per 20 ms of audio", perChunk) };

        var bytesPerMinute = TenMinutesBytes() / 10.0;
        var median = perChunk.Order().ElementAt(perChunk.Count / 2);
        var notes = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"Recording encode: {median * 50 / 1000:0.0} ms of one core per second of audio at the median ({median * 50:0} µs)."),
            string.Create(CultureInfo.InvariantCulture, $"Recording size: {bytesPerMinute / 1024:0} KiB per minute of conversation; a 10-minute conversation takes {bytesPerMinute * 10 / 1_000_000:0.00} MB (limit 3 MB)."),
        };
        return (rows, notes);
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
