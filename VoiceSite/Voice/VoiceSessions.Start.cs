using Microsoft.AspNetCore.SignalR;
using VoiceSite.Audio;
using VoiceSite.Data.Entities;
using VoiceSite.Limits;
using VoiceSite.Recordings;
using VoiceSite.Telemetry;
using VoiceSite.Voice.Upstream;

namespace VoiceSite.Voice;

public sealed partial class VoiceSessions
{
    public async Task<SessionInfo> StartAsync(string connectionId, string userId, string conversationId, string mode, CancellationToken connectionAborted)
    {
        if (Draining)
            throw new HubException(MovingReason);
        limits.CheckStartRate(userId);
        if (!VoiceModes.TryParse(mode, out var voiceMode))
            throw new HubException($"Unknown mode \"{Echo.Cut(mode)}\". Use \"{VoiceModes.Realtime}\" or \"{VoiceModes.Pipeline}\".");
        var status = availability.For(voiceMode);
        if (!status.Available)
            throw new HubException(status.Reason);
        if (!Guid.TryParse(conversationId, out var id))
            throw new HubException(NotFound);
        // Counted across replicas before the database is asked anything else (a call refused above never gets here).
        await limits.CheckStartRateEverywhereAsync(userId, connectionAborted);
        var snapshot = await store.LoadAsync(id, userId, connectionAborted) ?? throw new HubException(NotFound);
        if (snapshot.Coaching.Finished) // coaching: a finished conversation is over; practise again starts a new one
            throw new HubException("This conversation is finished. See its feedback, or practise again to start a new one.");
        await limits.CheckAllowanceAsync(userId, connectionAborted);

        // One live session per conversation: this connection's previous session (a mode switch) and one in another
        // tab end first, storing what they had, so the history loaded below is whole and turns never interleave.
        // A mode switch keeps the connection's place among the user's live sessions (no other tab or replica takes it).
        LiveLease? place = null;
        try
        {
            var ended = await EndAsync(connectionId, $"Switching to {VoiceModes.DisplayName(voiceMode)} mode.", null, kept => place = kept);
            ended |= await EndConversationAsync(id, VoiceErrorCodes.TakenOver,
                "This conversation continued in another tab or window, so it stopped here.", exceptConnectionId: connectionId);
            if (ended)
                snapshot = await store.LoadAsync(id, userId, connectionAborted) ?? throw new HubException(NotFound);
            place = place is null
                ? await limits.AcquireLiveAsync(userId, connectionId, voiceMode, connectionAborted)
                : await limits.SwitchLiveAsync(place, voiceMode, connectionAborted);
        }
        catch
        {
            if (place is not null)
                await place.DisposeAsync();
            throw;
        }
        return await OpenAsync(connectionId, userId, snapshot, voiceMode, place, connectionAborted);
    }

    /// <summary>Starts the session on its place (given back if it does not start) and makes it the connection's live one.</summary>
    private async Task<SessionInfo> OpenAsync(string connectionId, string userId, ConversationSnapshot snapshot, VoiceMode voiceMode, LiveLease place,
        CancellationToken connectionAborted)
    {
        var id = snapshot.Id;
        var client = new SessionClient(hub.Clients.Client(connectionId), secrets, clock);
        var factory = factories.Single(f => f.Mode == voiceMode);
        SessionRecorder recorder;
        try
        {
            recorder = await recorders.StartAsync(id, voiceMode, connectionAborted);
        }
        catch
        {
            await place.DisposeAsync();
            throw;
        }
        var session = factory.Create(new VoiceSessionContext(connectionId, userId, snapshot, client, OnEnded,
            () => Track(EndConversationAsync(id, VoiceErrorCodes.ConversationDeleted, ConversationDeletedReason))) { Recorder = recorder, Metrics = metrics });
        try
        {
            await session.StartAsync(connectionAborted);
        }
        catch (Exception e) when (e is VoiceSessionException or OperationCanceledException)
        {
            await session.DisposeAsync();
            await place.DisposeAsync();
            await recorder.DisposeAsync();
            if (e is VoiceSessionException && voiceMode == VoiceMode.Realtime)
                metrics.UpstreamError(UpstreamServiceKind.Realtime, VoiceMetrics.StartFailedCode); // the realtime socket could not be opened
            LogStartFailed(voiceMode.ToString(), e.Message);
            throw new HubException(e is VoiceSessionException ? e.Message : "The connection closed while the session was starting.");
        }
        catch
        {
            await place.DisposeAsync();
            throw;
        }

        _live[connectionId] = new LiveSession(connectionId, userId, id, session, client, place, new ErrorThrottle(clock), clock, recorder);
        metrics.SessionStarted(voiceMode);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "{Mode} session started for conversation {ConversationId}")]
    private partial void LogStarted(string mode, Guid conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Mode} session could not start: {Reason}")]
    private partial void LogStartFailed(string mode, string reason);
}
