namespace VoiceSite.Hosting;

/// <summary>
/// Whether this process should be sent new work. Code that drains the process (a SIGTERM handler, an admin action)
/// calls <see cref="StartDraining"/>; from then on <c>/healthz/ready</c> fails, so the load balancer stops routing
/// new connections here, while <c>/healthz/live</c> still succeeds (the process must not be restarted mid-drain).
/// </summary>
public sealed class ReadinessGate
{
    private string? _drainReason;

    public bool Draining => Volatile.Read(ref _drainReason) is not null;

    /// <summary>Why the process is draining (for the health report), or null.</summary>
    public string? DrainReason => Volatile.Read(ref _drainReason);

    /// <summary>Starts draining; the first reason given is kept. There is no way back: a drained process ends.</summary>
    public void StartDraining(string reason) => Interlocked.CompareExchange(ref _drainReason, reason, null);
}
