using System.Buffers;
using System.Threading.Channels;
using VoiceSite.Recordings.Ogg;

namespace VoiceSite.Recordings;

/// <summary>
/// Records one voice session, both voices mixed to mono Ogg Opus. The sessions call <see cref="User"/>,
/// <see cref="Assistant"/> and <see cref="CutAssistant"/> on their audio paths: each copies the audio into a pooled
/// buffer and posts it, time-stamped, to a bounded queue (never waits: when the queue is full the chunk is dropped
/// and counted). Nothing waits on that queue: one background task wakes four times a second, takes what is queued,
/// places the audio (<see cref="RecordingTimeline"/>), mixes it a little behind
/// real time (so a barge-in cut always lands in audio not yet mixed), encodes it, and hands finished Ogg pages to
/// the <see cref="RecordingSink"/> about once a second, so a crash loses at most the last couple of seconds.
/// </summary>
public sealed partial class SessionRecorder : IAsyncDisposable
{
    /// <summary>Records nothing (recording off for the scenario or the site).</summary>
    public static SessionRecorder None { get; } = new();

    /// <summary>
    /// Mixing stays this far behind real time: the browser's barge-in report (sent when it flushes playback, then over the
    /// network and a busy server) arrives within it, so the cut lands in audio not yet mixed.
    /// </summary>
    internal static readonly TimeSpan CutWindow = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(250);
    private const int QueueCapacity = 1024;

    private readonly Channel<RecorderEvent>? _events;
    private readonly TimeProvider _clock = TimeProvider.System;
    private readonly long _origin;
    private readonly RecordingSink? _sink;
    private readonly RecordingOptions? _options;
    private readonly ILogger? _logger;
    private readonly PeriodicTimer? _ticks;
    private int _completed;
    private long _endedAt;
    private int _dropped;

    private SessionRecorder() => Completion = Task.CompletedTask;

    internal SessionRecorder(RecordingSink sink, RecordingOptions options, TimeProvider clock, ILogger logger)
    {
        _sink = sink;
        _options = options;
        _clock = clock;
        _logger = logger;
        _origin = clock.GetTimestamp();
        _events = Channel.CreateBounded<RecorderEvent>(new BoundedChannelOptions(QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite answers false when full (never waits)
        });
        // The task reads on its own ticks, so posting never wakes it: the audio path pays a copy and a queue write.
        _ticks = new PeriodicTimer(TickInterval, clock);
        Completion = Task.Run(PumpAsync);
    }

    /// <summary>Whether this recorder keeps anything.</summary>
    public bool IsRecording => _events is not null;

    /// <summary>Completes when everything posted is stored (never faults: failures are logged).</summary>
    public Task Completion { get; }

    /// <summary>What the learner said (PCM16 24 kHz mono), as the hub received it.</summary>
    public void User(ReadOnlySpan<byte> pcm16) => PostAudio(EventKind.User, default, pcm16);

    /// <summary>Assistant audio of turn <paramref name="turnId"/> as relayed to the browser.</summary>
    public void Assistant(Guid turnId, ReadOnlySpan<byte> pcm16) => PostAudio(EventKind.Assistant, turnId, pcm16);

    /// <summary>The browser stopped playing <paramref name="turnId"/> after <paramref name="playedMs"/> ms of it.</summary>
    public void CutAssistant(Guid turnId, int playedMs)
    {
        if (_events is not null)
            Post(new RecorderEvent(EventKind.Cut, _clock.GetTimestamp(), null, 0, turnId, Math.Max(0, playedMs)));
    }

    /// <summary>The session ended: nothing more is taken; the rest is stored in the background (see <see cref="Completion"/>).</summary>
    public void Complete()
    {
        if (_events is null || Interlocked.Exchange(ref _completed, 1) == 1)
            return;
        Volatile.Write(ref _endedAt, _clock.GetTimestamp());
        _events.Writer.TryComplete();
        _ticks!.Dispose(); // the task's wait for the next tick ends now
    }

    /// <summary>Ends the recording and waits until it is stored.</summary>
    public async ValueTask DisposeAsync()
    {
        Complete();
        await Completion;
    }

    private void PostAudio(EventKind kind, Guid turn, ReadOnlySpan<byte> pcm16)
    {
        if (_events is null || pcm16.Length < 2)
            return;
        var bytes = pcm16.Length & ~1;
        var buffer = ArrayPool<byte>.Shared.Rent(bytes);
        pcm16[..bytes].CopyTo(buffer);
        if (!Post(new RecorderEvent(kind, _clock.GetTimestamp(), buffer, bytes, turn, 0)))
            ArrayPool<byte>.Shared.Return(buffer);
    }

    private bool Post(RecorderEvent e)
    {
        if (_events!.Writer.TryWrite(e))
            return true;
        if (Interlocked.Increment(ref _dropped) == 1 && Volatile.Read(ref _completed) == 0)
            LogQueueFull(_logger!);
        return false;
    }

    private long SampleAt(long timestamp) =>
        (long)(_clock.GetElapsedTime(_origin, timestamp).TotalSeconds * RecordingTimeline.SampleRate);

    private async Task PumpAsync()
    {
        var timeline = new RecordingTimeline();
        using var encoder = new OggOpusEncoder(_options!.Bitrate, _options.Complexity,
            (int)(_options.PageInterval.TotalMilliseconds / 20), (uint)Random.Shared.Next());
        var output = new ArrayBufferWriter<byte>();
        encoder.WriteHeaders(output);
        var frame = new short[OggOpusEncoder.FrameSamples];
        var lag = (long)(CutWindow.TotalSeconds * RecordingTimeline.SampleRate);
        var heardAnything = false;
        var storing = true;
        try
        {
            bool running;
            do
            {
                running = await _ticks!.WaitForNextTickAsync();
                while (_events!.Reader.TryRead(out var e))
                {
                    if (!storing)
                    {
                        if (e.Buffer is { } unused)
                            ArrayPool<byte>.Shared.Return(unused);
                        continue;
                    }
                    switch (e.Kind)
                    {
                        case EventKind.User:
                            timeline.AddUser(SampleAt(e.Timestamp), e.Buffer!, e.Length);
                            heardAnything = true;
                            break;
                        case EventKind.Assistant:
                            timeline.AddAssistant(e.Turn, SampleAt(e.Timestamp), e.Buffer!, e.Length);
                            heardAnything = true;
                            break;
                        case EventKind.Cut:
                            timeline.CutAssistant(e.Turn, e.PlayedMs);
                            break;
                    }
                }
                if (!running)
                    break;

                // Mix what can no longer change, page by page.
                var now = SampleAt(_clock.GetTimestamp());
                timeline.Settle(now);
                var horizon = now - lag;
                while (storing && timeline.Mixed + frame.Length <= horizon)
                {
                    timeline.MixNext(frame);
                    encoder.EncodeFrame(frame);
                    if (encoder.PageReady)
                    {
                        encoder.WritePage(output);
                        if (heardAnything)
                            storing = await StoreAsync(output, encoder.WrittenMs, completed: false);
                    }
                }
            }
            while (running);

            if (storing && heardAnything)
            {
                // The queued reply audio is kept: the stored turns count it as heard unless cut.
                timeline.Settle(long.MaxValue);
                var last = Math.Max(SampleAt(Volatile.Read(ref _endedAt)), Math.Max(timeline.AssistantEnd, timeline.UserEnd));
                while (timeline.Mixed < last)
                {
                    timeline.MixNext(frame);
                    encoder.EncodeFrame(frame);
                    if (encoder.PageReady)
                        encoder.WritePage(output);
                }
                encoder.Finish(output, last);
                await StoreAsync(output, encoder.WrittenMs, completed: true);
            }
        }
        catch (Exception ex)
        {
            LogRecordingFailed(_logger!, ex);
        }
        finally
        {
            _ticks!.Dispose();
            timeline.Clear();
            // Return the buffers of whatever is still queued (after a failure, or past the end).
            while (_events!.Reader.TryRead(out var left))
                if (left.Buffer is { } buffer)
                    ArrayPool<byte>.Shared.Return(buffer);
            if (Volatile.Read(ref _dropped) is > 0 and var dropped)
                LogDropped(_logger!, dropped);
            await _sink!.DisposeAsync();
        }
    }

    private async Task<bool> StoreAsync(ArrayBufferWriter<byte> output, int durationMs, bool completed)
    {
        var stored = await _sink!.AppendAsync(output.WrittenMemory, durationMs, completed);
        output.ResetWrittenCount();
        return stored;
    }

    private enum EventKind : byte { User, Assistant, Cut }

    private readonly record struct RecorderEvent(EventKind Kind, long Timestamp, byte[]? Buffer, int Length, Guid Turn, int PlayedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording queue full: audio is being dropped from the recording (the conversation is not affected)")]
    private static partial void LogQueueFull(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} audio chunks were dropped from a recording because its queue was full")]
    private static partial void LogDropped(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording failed; what was stored before stays playable")]
    private static partial void LogRecordingFailed(ILogger logger, Exception exception);
}
