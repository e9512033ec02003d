// Experimental GA realtime client types (see RealtimeConnector).
#pragma warning disable OPENAI002

using System.Net.WebSockets;
using OpenAI.Realtime;
using VoiceSite.Data.Entities;
using VoiceSite.Telemetry;
using VoiceSite.Voice.Upstream;

namespace VoiceSite.Voice.Realtime;

/// <summary>Upstream updates, turn bookkeeping and barge-in.</summary>
internal sealed partial class RealtimeSession
{
    private enum UpdateOutcome { Continue, Renew }

    // Turn state, guarded by _gate (updates arrive on the receive loop, Interrupt on a hub call).
    private readonly Dictionary<string, PendingUserTurn> _awaitingTranscript = [];
    private PendingUserTurn? _speaking;
    private TimeSpan _speechAudioStart;
    private long? _speechStoppedAt;
    private TurnTrace? _speechStoppedTrace;
    private bool _userSpeaking;
    private PendingAssistantTurn? _assistant;
    private PendingAssistantTurn? _lastAssistant;
    private readonly SpeakingRate _speakingRate = new();
    private bool _renewDue;
    private string? _lastUpstreamError;
    private ErrorThrottle? _upstreamErrors;

    private ErrorThrottle UpstreamErrors => _upstreamErrors ??= new ErrorThrottle(_clock);

    private async Task<UpdateOutcome> HandleAsync(RealtimeServerUpdate update)
    {
        switch (update)
        {
            case RealtimeServerUpdateInputAudioBufferSpeechStarted started:
                lock (_gate)
                {
                    _userSpeaking = true;
                    _speechAudioStart = started.AudioStartTime;
                    _speaking = new PendingUserTurn(Now, started.ItemId);
                }
                await Client.SpeechStarted();
                break;

            case RealtimeServerUpdateInputAudioBufferSpeechStopped stopped:
                lock (_gate)
                {
                    _userSpeaking = false;
                    _speechStoppedAt = _clock.GetTimestamp();
                    _speechStoppedTrace?.End(); // speech that got no reply
                    _speechStoppedTrace = TurnTrace.Start(VoiceMode.Realtime, _context.Conversation.Id);
                    if (_speaking is { } turn)
                    {
                        // audio_end_ms includes the silence that ended the turn (server VAD); leave it out.
                        var trailing = _context.Conversation.TurnDetection == TurnDetectionKind.ServerVad ? _context.Conversation.Vad.SilenceDurationMs : 0;
                        turn.DurationMs = (int)Math.Max(0, (stopped.AudioEndTime - _speechAudioStart).TotalMilliseconds - trailing);
                        turn.ItemId ??= stopped.ItemId;
                        if (turn.ItemId is { } itemId)
                            _awaitingTranscript[itemId] = turn;
                        _speaking = null;
                    }
                }
                await Client.SpeechStopped();
                break;

            case RealtimeServerUpdateConversationItemInputAudioTranscriptionCompleted transcribed:
                await CompleteUserTurnAsync(transcribed.ItemId, transcribed.Transcript?.Trim() ?? "");
                break;

            case RealtimeServerUpdateConversationItemInputAudioTranscriptionFailed failed:
                LogTranscriptionFailed(UpstreamText.Code(failed.Error?.Code), UpstreamText.ForLog(failed.Error?.Message));
                await CompleteUserTurnAsync(failed.ItemId, TurnWriter.NotTranscribed);
                break;

            case RealtimeServerUpdateResponseCreated created:
                lock (_gate)
                {
                    _assistant = new PendingAssistantTurn(created.Response?.Id ?? "", Now, _speechStoppedAt, _speakingRate) { Trace = _speechStoppedTrace };
                    _lastAssistant = _assistant;
                    _speechStoppedAt = null;
                    _speechStoppedTrace = null;
                }
                break;

            case RealtimeServerUpdateResponseOutputAudioDelta delta:
                // Read in RealtimeSession.Relay.cs before it gets here; kept for an event the reader passed on.
                await RelayAudioAsync(delta.ResponseId, delta.ItemId, delta.Delta?.ToArray());
                break;

            case RealtimeServerUpdateResponseOutputAudioTranscriptDelta text:
                PendingAssistantTurn? speaking;
                lock (_gate)
                {
                    speaking = _assistant is { HeardMs: null } a && a.ResponseId == text.ResponseId ? a : null;
                    speaking?.Transcript.Append(text.Delta);
                }
                if (speaking is not null && !string.IsNullOrEmpty(text.Delta))
                    await Client.AssistantTranscriptDelta(speaking.Id.ToString(), text.Delta);
                break;

            case RealtimeServerUpdateResponseDone done:
                var outcome = await CompleteAssistantTurnAsync(done.Response);
                await HandleToolCallsAsync(done.Response); // coaching: function calls (RealtimeSession.Coaching.cs)
                return outcome;

            case RealtimeServerUpdateError error:
                await HandleUpstreamErrorAsync(error.Error);
                break;
        }
        return UpdateOutcome.Continue;
    }

    private async Task CompleteUserTurnAsync(string? itemId, string text)
    {
        PendingUserTurn? turn;
        lock (_gate)
        {
            if (itemId is null || !_awaitingTranscript.Remove(itemId, out turn))
            {
                // Transcript for speech we saw start but not stop (or no VAD events): use the turn in progress.
                turn = _speaking is { } s && (s.ItemId is null || s.ItemId == itemId) ? s : null;
                if (turn is not null)
                    _speaking = null;
            }
        }
        if (turn is null)
            return;
        await Client.UserTranscript(turn.Id.ToString(), text);
        _writer.Add(UserTurnEntity(turn, text));
    }

    private Task<UpdateOutcome> CompleteAssistantTurnAsync(RealtimeResponse? response)
    {
        PendingAssistantTurn? turn;
        bool renew;
        lock (_gate)
        {
            turn = _assistant is { } a && (response?.Id is null || a.ResponseId == response.Id) ? a : null;
            if (turn is not null)
            {
                turn.Done = true;
                turn.Complete = response?.Status == RealtimeResponseStatus.Completed;
                if (turn.Complete)
                    _speakingRate.Observe(turn.Transcript.Length, turn.AudioMs);
                _assistant = null;
            }
            renew = _renewDue && !_userSpeaking && _assistant is null;
        }
        if (turn is not null)
        {
            turn.Trace?.RealtimeResponse(turn.StartedAt, response?.Status?.ToString(), response?.Usage?.InputTokenCount, response?.Usage?.OutputTokenCount);
            if (turn.AudioBytes > 0 || turn.Transcript.Length > 0)
                _writer.Add(AssistantTurnEntity(turn, response?.Usage, interrupted: !turn.Complete || turn.HeardMs is not null), turn.Trace);
            _writer.EndTrace(turn.Trace);
        }
        if (response?.Status == RealtimeResponseStatus.Failed)
        {
            var error = response.StatusDetails?.Error;
            var failure = RealtimeErrors.ToException(error?.Code, error?.Kind);
            _context.Metrics.UpstreamError(failure);
            if (!UpstreamErrors.ShouldReport("response:" + UpstreamText.Code(error?.Code)))
                return Task.FromResult(renew ? UpdateOutcome.Renew : UpdateOutcome.Continue);
            LogResponseFailed(UpstreamText.Code(error?.Code), UpstreamText.ForLog(error?.Message));
            return ReportAsync(failure.ErrorCode, $"{failure.Message} The reply could not be finished; try saying it again.");
        }
        return Task.FromResult(renew ? UpdateOutcome.Renew : UpdateOutcome.Continue);

        async Task<UpdateOutcome> ReportAsync(string code, string message)
        {
            await Client.Error(code, message);
            return renew ? UpdateOutcome.Renew : UpdateOutcome.Continue;
        }
    }

    private async Task HandleUpstreamErrorAsync(RealtimeError? error)
    {
        var code = UpstreamText.Code(error?.Code);
        // Races of our own barge-in (the reply had already finished) are expected and harmless.
        if (code is "response_cancel_not_active")
        {
            LogExpectedUpstreamError(code);
            return;
        }
        // The browser gets a fixed text for the code; the log gets the code and the upstream's words, cut short and
        // with keys and tokens blanked. A repeating error is reported and logged once a second per code.
        var failure = RealtimeErrors.ToException(error?.Code, error?.Kind);
        _context.Metrics.UpstreamError(failure);
        _lastUpstreamError = failure.Message;
        if (!UpstreamErrors.ShouldReport(code))
            return;
        LogUpstreamError(code, UpstreamText.ForLog(error?.Message));
        await Client.Error(failure.ErrorCode, failure.Message);
    }

    public async Task InterruptAsync(int playedMs)
    {
        PendingAssistantTurn? turn;
        bool inProgress;
        int heardMs;
        lock (_gate)
        {
            turn = _lastAssistant;
            // Nothing to cut: no reply yet, already cut, or the user heard all of a reply that ran to its end.
            // (A reply that ended early, with its text ahead of its audio, is still cut to what was heard.)
            if (turn is null || turn.HeardMs is not null || (turn.Complete && playedMs >= turn.AudioMs))
                return;
            heardMs = (int)Math.Min(playedMs, Math.Floor(turn.AudioMs));
            turn.HeardMs = heardMs;
            _context.Recorder.CutAssistant(turn.Id, heardMs);
            inProgress = !turn.Done;
        }
        var upstream = _upstream;
        try
        {
            await _sendLock.WaitAsync(_stop.Token); // audio is written on the same socket (RealtimeSession.Relay.cs)
            try
            {
                if (inProgress && upstream is not null)
                    await upstream.CancelResponseAsync(_stop.Token);
                if (turn.ItemId is { } itemId && heardMs < turn.AudioMs && upstream is not null)
                    await upstream.TruncateItemAsync(itemId, 0, TimeSpan.FromMilliseconds(heardMs), _stop.Token);
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception e) when (e is WebSocketException or InvalidOperationException or OperationCanceledException or ObjectDisposedException)
        {
            LogInterruptFailed(e);
        }
        LogInterrupted(heardMs, (int)turn.AudioMs);
        if (!inProgress)
            _writer.MarkInterrupted(turn.Id, turn.HeardTranscript, heardMs);
    }

    /// <summary>A new upstream knows nothing of the old one's items; nothing in flight carries over (renewal happens between turns).</summary>
    private void ResetTurnsForNewUpstream()
    {
        lock (_gate)
        {
            _renewDue = false;
            _lastAssistant = null;
            _awaitingTranscript.Clear();
        }
    }

    /// <summary>At the end, keeps what was said: untranscribed speech and the reply cut off.</summary>
    private void StoreUnfinishedTurns()
    {
        lock (_gate)
        {
            foreach (var turn in _awaitingTranscript.Values)
                _writer.Add(UserTurnEntity(turn, TurnWriter.NotTranscribed));
            _awaitingTranscript.Clear();
            if (_assistant is { } assistant && (assistant.AudioBytes > 0 || assistant.Transcript.Length > 0))
                _writer.Add(AssistantTurnEntity(assistant, usage: null, interrupted: true), assistant.Trace);
            _writer.EndTrace(_assistant?.Trace);
            _writer.EndTrace(_speechStoppedTrace);
            _assistant = null;
            _speechStoppedTrace = null;
        }
    }

    private Turn UserTurnEntity(PendingUserTurn turn, string text) => new()
    {
        Id = turn.Id,
        ConversationId = _context.Conversation.Id,
        Role = TurnRole.User,
        Mode = VoiceMode.Realtime,
        Text = text,
        StartedAt = turn.StartedAt,
        DurationMs = turn.DurationMs,
    };

    private Turn AssistantTurnEntity(PendingAssistantTurn turn, RealtimeResponseUsage? usage, bool interrupted) => new()
    {
        Id = turn.Id,
        ConversationId = _context.Conversation.Id,
        Role = TurnRole.Assistant,
        Mode = VoiceMode.Realtime,
        Text = turn.HeardTranscript,
        StartedAt = turn.StartedAt,
        DurationMs = (int)(turn.HeardMs ?? turn.AudioMs),
        Interrupted = interrupted,
        ResponseLatencyMs = turn.ResponseLatencyMs,
        InputTokens = usage?.InputTokenCount,
        OutputTokens = usage?.OutputTokenCount,
        TotalTokens = usage?.TotalTokenCount,
    };

    private DateTime Now => _clock.GetUtcNow().UtcDateTime;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Realtime service error {Code}: {Message}")]
    private partial void LogUpstreamError(string code, string message);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Expected realtime error {Code} after barge-in")]
    private partial void LogExpectedUpstreamError(string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Realtime reply failed {Code}: {Message}")]
    private partial void LogResponseFailed(string code, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Input transcription failed {Code}: {Message}")]
    private partial void LogTranscriptionFailed(string code, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Barge-in: assistant turn truncated to {HeardMs} ms of {AudioMs} ms received")]
    private partial void LogInterrupted(int heardMs, int audioMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cancelling or truncating upstream after barge-in failed")]
    private partial void LogInterruptFailed(Exception exception);
}
