using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using VoiceSite.Audio;
using VoiceSite.Conversations;
using VoiceSite.Limits;
using VoiceSite.Security;
using VoiceSite.Recordings;
using VoiceSite.Telemetry;

namespace VoiceSite.Voice;

/// <summary>
/// Owns the one live voice session of each hub connection: starts (ending the previous one first, which is how
/// modes switch), checks ownership and the user's limits, validates and paces incoming audio, and ends sessions on
/// request, on disconnect, when a limit is reached, when the user's sign-in is revoked, and at shutdown.
/// </summary>
public sealed partial class VoiceSessions(
    ConversationStore store,
    VoiceModeAvailability availability,
    IEnumerable<IVoiceSessionFactory> factories,
    IHubContext<VoiceHub, IVoiceClient> hub,
    VoiceLimits limits,
    VoiceUsageStore usage,
    SecretValues secrets,
    SessionRecorders recorders,
    VoiceMetrics metrics,
    TimeProvider clock,
    ILogger<VoiceSessions> logger) : IAsyncDisposable
{
    private const string NotFound = "Conversation not found.";
    private readonly ConcurrentDictionary<string, LiveSession> _live = new();
    private readonly ConcurrentDictionary<string, HubCallerContext> _connections = new();
    private readonly ConcurrentDictionary<string, ErrorThrottle> _idleConnections = new();
    private readonly ConcurrentDictionary<Task, byte> _background = new();

    public int Count => _live.Count;

    /// <summary>The live sessions now (for the limit and sign-in checks).</summary>
    public IReadOnlyList<LiveSession> Live => [.. _live.Values];

    /// <summary>The open hub connections now.</summary>
    public IReadOnlyList<HubCallerContext> Connections => [.. _connections.Values];

    public void Connected(HubCallerContext context) => _connections[context.ConnectionId] = context;

    /// <summary>Set when this server drains (SIGTERM): no new sessions; browsers resume on another server.</summary>
    public bool Draining { get; private set; }

    public async Task SendAudioAsync(string connectionId, byte[]? pcm16)
    {
        // The client proxy is looked up only to report a problem: this runs for every chunk (50 a second per session).
        if (!_live.TryGetValue(connectionId, out var live))
        {
            var throttle = _idleConnections.GetOrAdd(connectionId, _ => new ErrorThrottle(clock));
            if (throttle.ShouldReport(VoiceErrorCodes.NoSession))
                await hub.Clients.Client(connectionId).Error(VoiceErrorCodes.NoSession, "No voice session is running. Press Start to begin one.");
            return;
        }
        if (AudioChunkRules.Check(pcm16) is { } problem)
        {
            // Throttled per kind of problem, so each distinct mistake is still reported.
            if (live.Errors.ShouldReport(problem))
                await hub.Clients.Client(connectionId).Error(VoiceErrorCodes.BadAudio, problem);
            return;
        }
        switch (limits.AudioFor(live.UserId).Offer(Pcm16.DurationMs(pcm16!.Length), limits.LiveSessions(live.UserId)))
        {
            case AudioRateDecision.Accept:
                live.Session.AcceptAudio(pcm16);
                break;
            case AudioRateDecision.Drop:
                metrics.AudioDropped(live.Session.Mode, pcm16.Length, VoiceMetrics.DropReasons.TooFast);
                if (live.Errors.ShouldReport(VoiceErrorCodes.AudioTooFast))
                    await hub.Clients.Client(connectionId).Error(VoiceErrorCodes.AudioTooFast, "Audio is arriving faster than real time; some was dropped.");
                break;
            case AudioRateDecision.End:
                metrics.LimitHit(VoiceMetrics.Limits.AudioRate);
                LogFlood(connectionId);
                await EndAsync(connectionId, "Audio arrived much faster than real time, so the session was ended. Reload the page to start again.",
                    VoiceErrorCodes.AudioTooFast);
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

    public const string MovingReason = "Moving you to another server…";

    public const string ConversationDeletedReason = "This conversation was deleted, so its session ended.";

    /// <summary>
    /// Ends every live session on a conversation (but the one on <paramref name="exceptConnectionId"/>), telling each
    /// browser why with an <c>Error</c> of <paramref name="code"/> first; true when one was ended.
    /// </summary>
    public async Task<bool> EndConversationAsync(Guid conversationId, string code, string reason, string? exceptConnectionId = null)
    {
        var ended = false;
        foreach (var (connectionId, live) in _live)
        {
            if (live.ConversationId == conversationId && connectionId != exceptConnectionId)
                ended |= await EndAsync(connectionId, reason, code);
        }
        return ended;
    }

    /// <summary>
    /// Ends the connection's session, if any (true then); the browser is told the reason (and, with
    /// <paramref name="errorCode"/>, gets an <c>Error</c> first: a limit, a revocation, a takeover). Its live time is
    /// added to the user's day and its place among the user's live sessions is given back.
    /// </summary>
    public Task<bool> EndAsync(string connectionId, string reason, string? errorCode = null) =>
        EndAsync(connectionId, reason, errorCode, keepPlace: null);

    /// <summary>As above; with <paramref name="keepPlace"/>, the session's place is handed to it instead of given back (a mode switch).</summary>
    private async Task<bool> EndAsync(string connectionId, string reason, string? errorCode, Action<LiveLease>? keepPlace)
    {
        if (!_live.TryRemove(connectionId, out var live))
            return false;
        // Handed over at once, so the caller gives it back whatever fails below.
        keepPlace?.Invoke(live.Place);
        metrics.SessionEnded(live.Session.Mode, live.Age);
        try
        {
            if (errorCode is not null)
                await live.Client.Error(errorCode, reason);
            await live.Session.EndAsync(reason);
        }
        finally
        {
            await live.Session.DisposeAsync();
            if (keepPlace is null)
                await live.Place.DisposeAsync();
            await live.Recorder.DisposeAsync();
            await ChargeAsync(live);
        }
        return true;
    }

    /// <summary>Runs work started by a session's callback (which must not wait for it) and keeps it observed.</summary>
    private void Track(Task work)
    {
        _background[work] = 0;
        work.ContinueWith(t =>
        {
            if (t.Exception is { } e)
                LogBackgroundFailed(e.GetBaseException());
            _background.TryRemove(t, out _);
        }, TaskScheduler.Default);
    }

    /// <summary>Adds the session's voice time since it was last charged to the user's day.</summary>
    public async Task ChargeAsync(LiveSession live)
    {
        var seconds = live.TakeUncharged().TotalSeconds;
        try
        {
            await usage.AddAsync(live.UserId, seconds);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogChargeFailed(e);
        }
    }

    /// <summary>Ends every session of the user and closes their hub connections (signing out).</summary>
    public async Task RevokeUserAsync(string userId, string reason)
    {
        foreach (var connection in _connections.Values.Where(c => c.UserIdentifier == userId).ToList())
            await RevokeConnectionAsync(connection.ConnectionId, reason);
    }

    /// <summary>Ends the connection's session, telling the browser why, and closes the connection (a sign-in no longer valid).</summary>
    public async Task RevokeConnectionAsync(string connectionId, string reason)
    {
        await EndAsync(connectionId, reason, VoiceErrorCodes.SignedOut);
        if (_connections.TryRemove(connectionId, out var connection))
        {
            LogRevoked(connectionId);
            connection.Abort();
        }
    }

    public async Task DisconnectedAsync(string connectionId)
    {
        _idleConnections.TryRemove(connectionId, out _);
        _connections.TryRemove(connectionId, out _);
        await EndAsync(connectionId, "Disconnected.");
    }

    /// <summary>A session that ended on its own (upstream closed) leaves the table; it has already told the browser.</summary>
    private void OnEnded(IVoiceSession session)
    {
        foreach (var (connectionId, live) in _live)
        {
            if (ReferenceEquals(live.Session, session) && _live.TryRemove(new KeyValuePair<string, LiveSession>(connectionId, live)))
            {
                metrics.SessionEnded(live.Session.Mode, live.Age);
                Track(live.Place.DisposeAsync().AsTask()); // never throws: a place not given back lapses by itself
                live.Recorder.Complete(); // stored in the background; SessionRecorders waits for it at shutdown
                _ = ChargeAsync(live); // observed: ChargeAsync catches and logs its failures
            }
        }
    }

    /// <summary>
    /// Drains this server: refuses new sessions, ends each live one (its turn in progress stored) telling the browser
    /// it is moving, and closes every hub connection so each browser reconnects at once to a server that takes it.
    /// </summary>
    public async Task DrainAsync()
    {
        Draining = true;
        foreach (var connectionId in _live.Keys.ToArray())
        {
            try
            {
                await EndAsync(connectionId, MovingReason, VoiceErrorCodes.ServerMoving);
            }
            catch (Exception e)
            {
                LogShutdownEndFailed(e);
            }
        }
        var connections = _connections.Values.ToArray();
        foreach (var connection in connections)
            connection.Abort();
        LogDrained(connections.Length);
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_background.Keys.ToArray()).ContinueWith(_ => { }, TaskScheduler.Default);
        foreach (var connectionId in _live.Keys.ToArray())
        {
            try
            {
                // The browser resumes by itself on whichever server answers next, with the conversation replayed.
                await EndAsync(connectionId, MovingReason, VoiceErrorCodes.ServerMoving);
            }
            catch (Exception e)
            {
                LogShutdownEndFailed(e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {ConnectionId} sent audio much faster than real time; session ended")]
    private partial void LogFlood(string connectionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ending the sessions of a deleted conversation failed")]
    private partial void LogBackgroundFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Drained: live sessions ended and {Connections} hub connections closed so their browsers move")]
    private partial void LogDrained(int connections);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ending a session at shutdown failed")]
    private partial void LogShutdownEndFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Adding a session's voice time to the day's use failed")]
    private partial void LogChargeFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Hub connection {ConnectionId} closed: the user's sign-in was revoked")]
    private partial void LogRevoked(string connectionId);
}
