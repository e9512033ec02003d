using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VoiceSite.Data;
using VoiceSite.Data.Entities;

namespace VoiceSite.Jobs;

/// <summary>Queues durable jobs (idempotently, by key) and reads their state.</summary>
public sealed partial class JobQueue(
    IDbContextFactory<AppDbContext> contexts,
    JobSignal signal,
    IOptions<JobOptions> options,
    TimeProvider clock,
    ILogger<JobQueue> logger)
{
    /// <summary>Queues a job unless one with the same key exists (then that one is returned as it is).</summary>
    public async Task<BackgroundJob> EnqueueAsync(string kind, string key, string payload, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.BackgroundJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Key == key, cancellationToken) is { } existing)
            return existing;
        var job = New(kind, key, payload);
        db.BackgroundJobs.Add(job);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Queued at the same moment elsewhere (the key is unique): that one stands.
            db.ChangeTracker.Clear();
            return await db.BackgroundJobs.AsNoTracking().FirstAsync(j => j.Key == key, cancellationToken);
        }
        LogQueued(kind, key);
        signal.Notify();
        return job;
    }

    /// <summary>A new job row for the caller to save with its own changes (then <see cref="Notify"/>).</summary>
    public BackgroundJob New(string kind, string key, string payload)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new BackgroundJob
        {
            Kind = kind,
            Key = key,
            Payload = payload,
            State = JobState.Queued,
            MaxAttempts = options.Value.MaxAttempts,
            NextAttemptAt = now,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>Wakes the worker after a job was saved by the caller's own unit of work.</summary>
    public void Notify() => signal.Notify();

    public async Task<BackgroundJob?> FindAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.BackgroundJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Key == key, cancellationToken);
    }

    /// <summary>Queues a failed job again with its attempts reset ("try again"); false when it is not failed.</summary>
    public async Task<bool> RetryFailedAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var requeued = await db.BackgroundJobs.Where(j => j.Key == key && j.State == JobState.Failed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, JobState.Queued)
                .SetProperty(j => j.Attempts, 0)
                .SetProperty(j => j.NextAttemptAt, now)
                .SetProperty(j => j.FinishedAt, (DateTime?)null)
                .SetProperty(j => j.UpdatedAt, now), cancellationToken) == 1;
        if (requeued)
        {
            LogRequeued(key);
            signal.Notify();
        }
        return requeued;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Kind} queued ({Key})")]
    private partial void LogQueued(string kind, string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "Failed job {Key} queued again")]
    private partial void LogRequeued(string key);
}
