using VoiceSite.Hosting;

namespace VoiceSite.Voice;

/// <summary>
/// On SIGTERM (a revision roll, a scale-in): readiness fails, so the load balancer sends nothing new here, and every
/// live voice session moves: its turn in progress is stored, its browser is told it is moving (<c>server_moving</c>)
/// and its connection closed, and the browser reconnects at once to another server, which replays the conversation.
/// </summary>
/// <remarks>
/// SignalR closes every connection on <c>ApplicationStopping</c> too, in a callback registered when its connection
/// manager is made; cancellation callbacks run last-registered first, so this one is registered when the first hub
/// connection arrives (after SignalR's) and so runs while the browsers can still be told why.
/// </remarks>
public sealed partial class VoiceDrain(VoiceSessions sessions, ReadinessGate readiness, IHostApplicationLifetime lifetime, ILogger<VoiceDrain> logger)
{
    /// <summary>How long shutdown waits for the sessions to be stored and the browsers told.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(20);

    private int _registered;

    /// <summary>Called for each hub connection; the first one arms the drain.</summary>
    public void Arm()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
            lifetime.ApplicationStopping.Register(Drain);
    }

    private void Drain()
    {
        readiness.StartDraining("The server is shutting down.");
        LogDraining(sessions.Count);
        // Shutdown callbacks are synchronous: this one waits (bounded) so nothing closes under the sessions first.
        if (!sessions.DrainAsync().Wait(DrainTimeout))
            LogDrainTimedOut(DrainTimeout.TotalSeconds);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutting down: moving {Sessions} live voice sessions to other servers")]
    private partial void LogDraining(int sessions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Moving the live voice sessions took longer than {Seconds} s; shutting down anyway")]
    private partial void LogDrainTimedOut(double seconds);
}
