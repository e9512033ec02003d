namespace VoiceSite.Data.Entities;

/// <summary>
/// One live voice session, whichever replica holds its socket: the database's count of a user's live sessions. A user
/// holds at most <c>VoiceLimits:LiveSessionsPerUser</c> slots (0, 1, ...); the unique (user, slot) index makes taking
/// a slot race-free across replicas. The holding replica renews <see cref="ExpiresAt"/> while the session lives and
/// deletes the row when it ends; a dead replica's rows run out and are then deleted by whoever finds them.
/// </summary>
public sealed class VoiceSessionLease
{
    public Guid Id { get; set; }

    public required string UserId { get; set; }

    /// <summary>0 to <c>LiveSessionsPerUser</c> - 1; unique per user.</summary>
    public int Slot { get; set; }

    /// <summary>The replica holding the session (its process's name, <c>ReplicaIdentity</c>).</summary>
    public required string ReplicaId { get; set; }

    /// <summary>The hub connection the session lives on (on that replica).</summary>
    public required string ConnectionId { get; set; }

    /// <summary>The session's mode now (updated when the user switches mode on the connection).</summary>
    public VoiceMode Mode { get; set; }

    public DateTime StartedAt { get; set; }

    /// <summary>The place is free after this unless the holder renews it.</summary>
    public DateTime ExpiresAt { get; set; }
}

/// <summary>One <c>StartSession</c> call that reached the database's check of the user's start rate (kept a minute).</summary>
public sealed class VoiceSessionStart
{
    public long Id { get; set; }

    public required string UserId { get; set; }

    public DateTime StartedAt { get; set; }
}
