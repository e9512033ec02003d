namespace VoiceSite.Data.Entities;

/// <summary>
/// Durable background work: queued in the database, claimed by one replica at a time through a lease, retried with
/// backoff, picked up again by any replica when its lease expires (the owner stopped or crashed).
/// </summary>
public sealed class BackgroundJob
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>Which handler runs it, e.g. <c>evaluation</c>.</summary>
    public required string Kind { get; set; }

    /// <summary>Unique: enqueueing the same key again returns the existing job (e.g. <c>evaluation:{conversation}</c>).</summary>
    public required string Key { get; set; }

    /// <summary>The handler's input, as JSON.</summary>
    public string Payload { get; set; } = "{}";

    public JobState State { get; set; } = JobState.Queued;

    /// <summary>Runs started so far (a run cut short by shutdown is given back).</summary>
    public int Attempts { get; set; }
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Not run before this time (backoff).</summary>
    public DateTime NextAttemptAt { get; set; }

    /// <summary>The replica running it, and until when its claim holds unless renewed.</summary>
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseExpiresAt { get; set; }

    /// <summary>Why the last run failed, fit to show (no secrets).</summary>
    public string? LastError { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
}

public enum JobState
{
    Queued = 0,
    Running = 1,
    Done = 2,
    Failed = 3,
}
