namespace VoiceSite.Voice.Realtime;

/// <summary>
/// Recovery from a lost upstream: the turn in progress is stored with what was heard, and a new upstream session
/// is opened with the conversation replayed, so the user carries on talking. The browser hears about it only when
/// reopening keeps failing (then the session ends with <c>upstream_lost</c>).
/// </summary>
internal sealed partial class RealtimeSession
{
    private readonly Queue<long> _recoveries = new();

    /// <summary>True when a new upstream carries the conversation on; false when it could not be reopened.</summary>
    private async Task<bool> RecoverAsync()
    {
        if (_stop.IsCancellationRequested)
            return false;
        StoreUnfinishedTurns();
        if (!RecoveryAllowed())
        {
            LogRecoveryGivenUp(_context.Conversation.Id, _recoveries.Count);
            return false;
        }
        for (var attempt = 1; attempt <= _options.ReconnectAttempts; attempt++)
        {
            try
            {
                if (attempt > 1)
                    await Task.Delay(_options.ReconnectBackoff * (1 << (attempt - 2)), _clock, _stop.Token);
                await RenewAsync();
                LogRecovered(_context.Conversation.Id, attempt);
                return true;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return false;
            }
            catch (VoiceSessionException e)
            {
                LogRecoveryFailed(attempt, e.Message);
            }
        }
        return false;
    }

    /// <summary>
    /// An upstream that accepts and then drops every time must not be reopened forever: at most
    /// <see cref="RealtimeOptions.ReconnectAttempts"/> recoveries in any minute.
    /// </summary>
    private bool RecoveryAllowed()
    {
        var now = _clock.GetTimestamp();
        while (_recoveries.TryPeek(out var at) && _clock.GetElapsedTime(at, now) > TimeSpan.FromMinutes(1))
            _recoveries.Dequeue();
        if (_recoveries.Count >= _options.ReconnectAttempts)
            return false;
        _recoveries.Enqueue(now);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Realtime upstream for conversation {ConversationId} reopened after a loss (attempt {Attempt})")]
    private partial void LogRecovered(Guid conversationId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reopening the realtime upstream failed (attempt {Attempt}): {Reason}")]
    private partial void LogRecoveryFailed(int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Realtime upstream for conversation {ConversationId} lost again after {Recoveries} recoveries within a minute; giving up")]
    private partial void LogRecoveryGivenUp(Guid conversationId, int recoveries);
}
