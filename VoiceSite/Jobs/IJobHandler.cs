namespace VoiceSite.Jobs;

/// <summary>
/// Runs one kind of job. A run must be safe to repeat: a replica can stop part-way (its lease then expires and another
/// replica runs the job again), so write results idempotently (replace, do not append).
/// Throw <see cref="JobRetryException"/> for a failure worth retrying later, <see cref="JobFailedException"/> for one
/// that will not get better; any other exception is retried too.
/// </summary>
public interface IJobHandler
{
    string Kind { get; }

    Task RunAsync(JobRun run, CancellationToken cancellationToken);
}

/// <summary>The job as its handler sees it: <see cref="Attempt"/> counts from 1.</summary>
public sealed record JobRun(Guid Id, string Key, string Payload, int Attempt, int MaxAttempts)
{
    public bool IsLastAttempt => Attempt >= MaxAttempts;
}

/// <summary>Try again later (after the backoff, or <see cref="RetryAfter"/> when the service said).</summary>
public sealed class JobRetryException(string message, TimeSpan? retryAfter = null, Exception? inner = null) : Exception(message, inner)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>Give up now; the message is shown to people (no secrets).</summary>
public sealed class JobFailedException(string message, Exception? inner = null) : Exception(message, inner);
