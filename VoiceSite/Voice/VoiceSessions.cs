using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using VoiceSite.Audio;
using VoiceSite.Conversations;

namespace VoiceSite.Voice;

/// <summary>
/// Owns the one live voice session of each hub connection: starts (ending the previous one first, which is how
/// modes switch), checks ownership, validates and paces incoming audio, and ends sessions on request, on
/// disconnect and at shutdown.
/// </summary>
public sealed partial class VoiceSessions(
    ConversationStore store,
    VoiceModeAvailability availability,
    IEnumerable<IVoiceSessionFactory> factories,
    IHubContext<VoiceHub, IVoiceClient> hub,
    TimeProvider clock,
    ILogger<VoiceSessions> logger) : IAsyncDisposable
{
    private const string NotFound = "Conversation not found.";
    private readonly ConcurrentDictionary<string, LiveSession> _live = new();
    private readonly ConcurrentDictionary<string, ErrorThrottle> _idleConnections = new();

    public int Count => _live.Count;

    public async Task<SessionInfo> StartAsync(string connectionId, string userId, string conversationId, string mode, CancellationToken connectionAborted)
    {
        if (!VoiceModes.TryParse(mode, out var voiceMode))
            throw new HubException($"Unknown mode \"{mode}\". Use \"{VoiceModes.Realtime}\" or \"{VoiceModes.Pipeline}\".");
        var status = availability.For(voiceMode);
        if (!status.Available)
            throw new HubException(status.Reason);
        if (!Guid.TryParse(conversationId, out var id))
            throw new HubException(NotFound);
        var snapshot = await store.LoadAsync(id, userId, connectionAborted) ?? throw new HubException(NotFound);
        if (snapshot.Coaching.Finished) // coaching: a finished conversation is over; practise again starts a new one
            throw new HubException("This conversation is finished. See its feedback, or practise again to start a new one.");

        await EndAsync(connectionId, $"Switching to {VoiceModes.DisplayName(voiceMode)} mode.");

        var factory = factories.Single(f => f.Mode == voiceMode);
        var session = factory.Create(new VoiceSessionContext(connectionId, userId, snapshot, hub.Clients.Client(connectionId), OnEnded));
        try
        {
            await session.StartAsync(connectionAborted);
        }
        catch (Exception e) when (e is VoiceSessionException or OperationCanceledException)
        {
            await session.DisposeAsync();
            LogStartFailed(voiceMode.ToString(), e.Message);
            throw new HubException(e is VoiceSessionException ? e.Message : "The connection closed while the session was starting.");
        }

        _live[connectionId] = new LiveSession(session, new AudioRateLimiter(clock), new ErrorThrottle(clock));
        _idleConnections.TryRemove(connectionId, out _);
        if (connectionAborted.IsCancellationRequested)
        {
            // The browser left while we were connecting upstream; OnDisconnected found nothing to end.
            await EndAsync(connectionId, "Disconnected.");
            throw new HubException("The connection closed while the session was starting.");
        }
        await store.SetModeAsync(id, voiceMode, CancellationToken.None);
        LogStarted(voiceMode.ToString(), id);
        return new SessionInfo(VoiceModes.Name(voiceMode), Pcm16.SampleRate);
    }

    public async Task SendAudioAsync(string connectionId, byte[]? pcm16)
    {
        var client = hub.Clients.Client(connectionId);
        if (!_live.TryGetValue(connectionId, out var live))
        {
            var throttle = _idleConnections.GetOrAdd(connectionId, _ => new ErrorThrottle(clock));
            if (throttle.ShouldReport(VoiceErrorCodes.NoSession))
                await client.Error(VoiceErrorCodes.NoSession, "No voice session is running. Press Connect to start one.");
            return;
        }
        if (AudioChunkRules.Check(pcm16) is { } problem)
        {
            // Throttled per kind of problem, so each distinct mistake is still reported.
            if (live.Errors.ShouldReport(problem))
                await client.Error(VoiceErrorCodes.BadAudio, problem);
            return;
        }
        switch (live.Rate.Offer(Pcm16.DurationMs(pcm16!.Length)))
        {
            case AudioRateDecision.Accept:
                live.Session.AcceptAudio(pcm16);
                break;
            case AudioRateDecision.Drop:
                if (live.Errors.ShouldReport(VoiceErrorCodes.AudioTooFast))
                    await client.Error(VoiceErrorCodes.AudioTooFast, "Audio is arriving faster than real time; some was dropped.");
                break;
            case AudioRateDecision.End:
                LogFlood(connectionId);
                await EndAsync(connectionId, "Audio arrived much faster than real time, so the session was ended. Reload the page to start again.");
                break;
        }
    }

    public async Task InterruptAsync(string connectionId, int playedMs)
    {
        var client = hub.Clients.Client(connectionId);
        if (!_live.TryGetValue(connectionId, out var live))
        {
            await client.Error(VoiceErrorCodes.NoSession, "No voice session is running, so there is nothing to interrupt.");
            return;
        }
        if (playedMs < 0)
        {
            await client.Error(VoiceErrorCodes.BadRequest, "Interrupt needs the milliseconds played, 0 or more.");
            return;
        }
        await live.Session.InterruptAsync(playedMs);
    }

    /// <summary>Ends the connection's session, if any; the browser is told the reason.</summary>
    public async Task EndAsync(string connectionId, string reason)
    {
        if (!_live.TryRemove(connectionId, out var live))
            return;
        try
        {
            await live.Session.EndAsync(reason);
        }
        finally
        {
            await live.Session.DisposeAsync();
        }
    }

    public async Task DisconnectedAsync(string connectionId)
    {
        _idleConnections.TryRemove(connectionId, out _);
        await EndAsync(connectionId, "Disconnected.");
    }

    /// <summary>A session that ended on its own (upstream closed) leaves the table; it has already told the browser.</summary>
    private void OnEnded(IVoiceSession session)
    {
        foreach (var (connectionId, live) in _live)
        {
            if (ReferenceEquals(live.Session, session))
                _live.TryRemove(new KeyValuePair<string, LiveSession>(connectionId, live));
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connectionId in _live.Keys.ToArray())
        {
            try
            {
                await EndAsync(connectionId, "The server is restarting. Connect again in a moment.");
            }
            catch (Exception e)
            {
                LogShutdownEndFailed(e);
            }
        }
    }

    private sealed record LiveSession(IVoiceSession Session, AudioRateLimiter Rate, ErrorThrottle Errors);

    /// <summary>At most one error per key per second per connection, so a flood of bad input is not echoed back.</summary>
    private sealed class ErrorThrottle(TimeProvider clock)
    {
        private readonly ConcurrentDictionary<string, long> _last = new();

        public bool ShouldReport(string key)
        {
            var now = clock.GetTimestamp();
            var reported = false;
            _last.AddOrUpdate(key,
                _ => { reported = true; return now; },
                (_, last) =>
                {
                    if (clock.GetElapsedTime(last, now) < TimeSpan.FromSeconds(1))
                        return last;
                    reported = true;
                    return now;
                });
            return reported;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Mode} session started for conversation {ConversationId}")]
    private partial void LogStarted(string mode, Guid conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Mode} session could not start: {Reason}")]
    private partial void LogStartFailed(string mode, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {ConnectionId} sent audio much faster than real time; session ended")]
    private partial void LogFlood(string connectionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ending a session at shutdown failed")]
    private partial void LogShutdownEndFailed(Exception exception);
}
