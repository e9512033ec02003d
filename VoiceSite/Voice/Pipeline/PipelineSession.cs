using System.Threading.Channels;
using VoiceSite.Audio;
using VoiceSite.Conversations;
using VoiceSite.Data.Entities;
using VoiceSite.Telemetry;
using VoiceSite.Voice.Upstream;

namespace VoiceSite.Voice.Pipeline;

/// <summary>
/// Pipeline mode: server-side VAD on the incoming 24 kHz audio; each utterance streamed to speech-to-text while it
/// is spoken; the text answered by the chat model (with the whole conversation, from either mode) and spoken back
/// sentence by sentence. User speech during a reply cancels it (barge-in). Turn handling: PipelineSession.Turns.cs.
/// </summary>
internal sealed partial class PipelineSession : IVoiceSession
{
    private readonly VoiceSessionContext _context;
    private readonly SpeechToTextClient _stt;
    private readonly ChatStreamer _chat;
    private readonly TextToSpeechClient _tts;
    private readonly PipelineOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly TurnWriter _writer;
    private readonly Channel<byte[]> _audio = Channel.CreateBounded<byte[]>(
        new BoundedChannelOptions(256) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Channel<Utterance> _finished = Channel.CreateUnbounded<Utterance>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly EnergyVad _vad;
    private readonly Queue<byte[]> _preRoll = new();
    private int _preRollBytes;
    private Utterance? _speaking;
    private Task _run = Task.CompletedTask;
    private int _ended;

    public PipelineSession(VoiceSessionContext context, SpeechToTextClient stt, ChatStreamer chat, TextToSpeechClient tts,
        PipelineOptions options, ConversationStore store, TimeProvider clock, ILogger logger)
    {
        _context = context;
        _stt = stt;
        _chat = chat;
        _tts = tts;
        _options = options;
        _clock = clock;
        _logger = logger;
        _writer = new TurnWriter(store, context, logger);
        _vad = new EnergyVad(context.Conversation.Vad);
        _history = context.Conversation.History.Select(t => new ChatTurn(t.Role == TurnRole.User ? ChatRole.User : ChatRole.Assistant, t.Text)).ToList();
    }

    public VoiceMode Mode => VoiceMode.Pipeline;

    private IVoiceClient Client => _context.Client;

    // Speech counts as started only after MinSpeechMs of voice, so the pre-roll holds that much besides the padding.
    private int PreRollLimitBytes => Pcm16.BytesFor(TimeSpan.FromMilliseconds(_context.Conversation.Vad.PrefixPaddingMs + _context.Conversation.Vad.MinSpeechMs));

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Nothing to connect ahead: each utterance opens its own speech-to-text request.
        _run = Task.WhenAll(ListenAsync(), AnswerAsync(), SpeakOpeningLineAsync()); // coaching: PipelineSession.Coaching.cs
        LogStarted(_context.Conversation.Id, _history.Count);
        return Task.CompletedTask;
    }

    public void AcceptAudio(byte[] pcm16)
    {
        _context.Recorder.User(pcm16);
        if (!_audio.Writer.TryWrite(pcm16))
        {
            _context.Metrics.AudioDropped(VoiceMode.Pipeline, pcm16.Length, VoiceMetrics.DropReasons.QueueFull);
            LogAudioDropped();
        }
    }

    public async Task EndAsync(string reason)
    {
        if (Interlocked.Exchange(ref _ended, 1) == 1)
            return;
        // Stop listening; what was being said is still transcribed and stored, the reply being spoken is cut off.
        _audio.Writer.TryComplete();
        CancelReply();
        try
        {
            await _run;
        }
        catch (Exception e)
        {
            LogRunFailed(e);
        }
        await _stop.CancelAsync();
        await _writer.DisposeAsync();
        try
        {
            await Client.SessionEnded(reason);
        }
        catch (Exception e)
        {
            LogRunFailed(e);
        }
        LogEnded(_context.Conversation.Id, reason);
    }

    public async ValueTask DisposeAsync()
    {
        if (Volatile.Read(ref _ended) == 0)
            await EndAsync("Session ended.");
        _stop.Dispose();
    }

    /// <summary>The audio loop: VAD, pre-roll, and streaming each utterance to speech-to-text as it is spoken.</summary>
    private async Task ListenAsync()
    {
        try
        {
            await foreach (var chunk in _audio.Reader.ReadAllAsync())
            {
                foreach (var detection in _vad.Process(chunk))
                {
                    if (detection.Kind == VadEventKind.SpeechStarted)
                        await SpeechStartedAsync(detection);
                    else
                        await SpeechStoppedAsync(detection);
                }
                if (_speaking is { } utterance)
                    await PushAsync(utterance, chunk);
                else
                    RememberPreRoll(chunk);
            }
            if (_vad.Flush() is { } last)
                await SpeechStoppedAsync(last);
        }
        finally
        {
            _finished.Writer.TryComplete();
        }
    }

    private async Task SpeechStartedAsync(VadEvent start)
    {
        CancelReply(); // barge-in: the user talks over the reply
        await Client.SpeechStarted();
        var utterance = _speaking = new Utterance(_clock.GetUtcNow().UtcDateTime);
        await OpenRecognitionAsync(utterance);
        // The pre-roll (prefix padding) goes first, so the first syllable is not lost.
        while (_preRoll.TryDequeue(out var earlier))
            await PushAsync(utterance, earlier);
        _preRollBytes = 0;
        LogSpeechStarted(start.SpeechEdgeMs);
    }

    private async Task SpeechStoppedAsync(VadEvent stop)
    {
        if (_speaking is not { } utterance)
            return;
        _speaking = null;
        utterance.StoppedAt = _clock.GetTimestamp();
        utterance.Trace = TurnTrace.Start(VoiceMode.Pipeline, _context.Conversation.Id);
        utterance.DurationMs = (int)Math.Max(0, stop.SpeechEdgeMs - _vad.SpeechStartSample * 1000.0 / Pcm16.SampleRate);
        await Client.SpeechStopped();
        _finished.Writer.TryWrite(utterance);
    }

    private async Task OpenRecognitionAsync(Utterance utterance)
    {
        try
        {
            utterance.Current = await _stt.StartAsync(cancellationToken: _stop.Token);
        }
        catch (Exception e) when (e is UpstreamException or InvalidOperationException or HttpRequestException)
        {
            utterance.StartFailure = e;
            LogSttStartFailed(e);
        }
    }

    private async Task PushAsync(Utterance utterance, byte[] chunk)
    {
        if (utterance.Current is not { } recognition)
            return;
        if (recognition.AudioDuration >= _options.SegmentLimit)
        {
            // Long speech: finish this request in the background and go on in a new one.
            utterance.Earlier.Add(recognition.CompleteAsync(_stop.Token));
            utterance.Current = null;
            await OpenRecognitionAsync(utterance);
            if (utterance.Current is null)
                return;
            recognition = utterance.Current;
        }
        await recognition.PushAsync(chunk, _stop.Token);
    }

    private void RememberPreRoll(byte[] chunk)
    {
        _preRoll.Enqueue(chunk);
        _preRollBytes += chunk.Length;
        while (_preRoll.Count > 1 && _preRollBytes - _preRoll.Peek().Length >= PreRollLimitBytes)
            _preRollBytes -= _preRoll.Dequeue().Length;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline session started for conversation {ConversationId} with {HistoryTurns} earlier turns")]
    private partial void LogStarted(Guid conversationId, int historyTurns);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline session for conversation {ConversationId} ended: {Reason}")]
    private partial void LogEnded(Guid conversationId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Speech started at {Ms} ms")]
    private partial void LogSpeechStarted(double ms);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Speech-to-text could not start")]
    private partial void LogSttStartFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Microphone audio dropped: the pipeline is behind")]
    private partial void LogAudioDropped();

    [LoggerMessage(Level = LogLevel.Error, Message = "The pipeline session failed")]
    private partial void LogRunFailed(Exception exception);
}
