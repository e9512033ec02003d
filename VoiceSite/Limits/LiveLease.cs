using VoiceSite.Data.Entities;

namespace VoiceSite.Limits;

/// <summary>
/// A live session's place among its user's <c>LiveSessionsPerUser</c>: a row of <c>VoiceSessionLeases</c> that this
/// replica renews until the lease is disposed (the session ended), which deletes the row. Disposing twice is harmless.
/// </summary>
public sealed class LiveLease : IAsyncDisposable
{
    private readonly LiveSessionLeases _leases;
    private int _released;

    internal LiveLease(LiveSessionLeases leases, string userId, string connectionId, VoiceMode mode, DateTime startedAt)
    {
        _leases = leases;
        UserId = userId;
        ConnectionId = connectionId;
        Mode = mode;
        StartedAt = startedAt;
    }

    /// <summary>The row's id (kept if the row is ever written again, after it lapsed).</summary>
    public Guid Id { get; } = Guid.NewGuid();
    public string UserId { get; }
    public string ConnectionId { get; }
    public VoiceMode Mode { get; internal set; }
    public DateTime StartedAt { get; }

    /// <summary>True once given back: the row is deleted (or being deleted) and no longer renewed.</summary>
    public bool Released => Volatile.Read(ref _released) == 1;

    /// <summary>True for the first caller only.</summary>
    internal bool MarkReleased() => Interlocked.Exchange(ref _released, 1) == 0;

    /// <summary>Gives the place back at once; never throws (a row that cannot be deleted runs out by itself).</summary>
    public ValueTask DisposeAsync() => new(_leases.ReleaseAsync(this));
}
