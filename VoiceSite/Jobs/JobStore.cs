using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VoiceSite.Data;
using VoiceSite.Data.Entities;

namespace VoiceSite.Jobs;

/// <summary>
/// The job table's state changes. Every change a worker makes is a single conditional UPDATE (on both providers), so
/// two replicas can never both claim a job, and a replica whose lease has passed to another cannot overwrite its result.
/// </summary>
public sealed class JobStore(IDbContextFactory<AppDbContext> contexts, IOptions<JobOptions> options, TimeProvider clock)
{
    private const int ErrorLength = 1000;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Claims the next due job of the given kinds for <paramref name="owner"/>: a queued job whose time has come, or a
    /// running one whose lease expired (its replica stopped). Returns null when nothing is due.
    /// </summary>
    public async Task<BackgroundJob?> ClaimNextAsync(string owner, IReadOnlyCollection<string> kinds, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = Now;
        var candidates = await Due(db.BackgroundJobs, kinds, now)
            .OrderBy(j => j.NextAttemptAt)
            .Select(j => j.Id)
            .Take(5)
            .ToListAsync(cancellationToken);
        var lease = now + options.Value.LeaseDuration;
        foreach (var id in candidates)
        {
            var claimed = await Due(db.BackgroundJobs.Where(j => j.Id == id), kinds, now)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.State, JobState.Running)
                    .SetProperty(j => j.LeaseOwner, owner)
                    .SetProperty(j => j.LeaseExpiresAt, lease)
                    .SetProperty(j => j.Attempts, j => j.Attempts + 1)
                    .SetProperty(j => j.UpdatedAt, now), cancellationToken);
            if (claimed == 1)
                return await db.BackgroundJobs.AsNoTracking().FirstAsync(j => j.Id == id, cancellationToken);
        }
        return null;
    }

    private static IQueryable<BackgroundJob> Due(IQueryable<BackgroundJob> jobs, IReadOnlyCollection<string> kinds, DateTime now) =>
        jobs.Where(j => kinds.Contains(j.Kind)
            && ((j.State == JobState.Queued && j.NextAttemptAt <= now)
                || (j.State == JobState.Running && j.LeaseExpiresAt < now)));

    /// <summary>Extends the owner's lease; false when the job is no longer the owner's (it must stop).</summary>
    public async Task<bool> RenewLeaseAsync(Guid id, string owner, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var until = Now + options.Value.LeaseDuration;
        return await Owned(db, id, owner).ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseExpiresAt, until), cancellationToken) == 1;
    }

    public Task<bool> CompleteAsync(Guid id, string owner, CancellationToken cancellationToken) =>
        FinishAsync(id, owner, JobState.Done, error: null, cancellationToken);

    public Task<bool> FailAsync(Guid id, string owner, string error, CancellationToken cancellationToken) =>
        FinishAsync(id, owner, JobState.Failed, error, cancellationToken);

    /// <summary>Queues the job again after <paramref name="delay"/>, keeping the error to show meanwhile.</summary>
    public async Task<bool> RetryLaterAsync(Guid id, string owner, string error, TimeSpan delay, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = Now;
        return await Owned(db, id, owner).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, JobState.Queued)
            .SetProperty(j => j.NextAttemptAt, now + delay)
            .SetProperty(j => j.LeaseOwner, (string?)null)
            .SetProperty(j => j.LeaseExpiresAt, (DateTime?)null)
            .SetProperty(j => j.LastError, Truncate(error))
            .SetProperty(j => j.UpdatedAt, now), cancellationToken) == 1;
    }

    /// <summary>Gives a job back at shutdown: queued again at once, and the interrupted run does not count.</summary>
    public async Task<bool> ReleaseAsync(Guid id, string owner, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = Now;
        return await Owned(db, id, owner).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, JobState.Queued)
            .SetProperty(j => j.NextAttemptAt, now)
            .SetProperty(j => j.LeaseOwner, (string?)null)
            .SetProperty(j => j.LeaseExpiresAt, (DateTime?)null)
            .SetProperty(j => j.Attempts, j => j.Attempts > 0 ? j.Attempts - 1 : 0)
            .SetProperty(j => j.UpdatedAt, now), cancellationToken) == 1;
    }

    private async Task<bool> FinishAsync(Guid id, string owner, JobState state, string? error, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = Now;
        return await Owned(db, id, owner).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, state)
            .SetProperty(j => j.LeaseOwner, (string?)null)
            .SetProperty(j => j.LeaseExpiresAt, (DateTime?)null)
            .SetProperty(j => j.LastError, error == null ? null : Truncate(error))
            .SetProperty(j => j.FinishedAt, now)
            .SetProperty(j => j.UpdatedAt, now), cancellationToken) == 1;
    }

    private static IQueryable<BackgroundJob> Owned(AppDbContext db, Guid id, string owner) =>
        db.BackgroundJobs.Where(j => j.Id == id && j.State == JobState.Running && j.LeaseOwner == owner);

    private static string Truncate(string error) => error.Length <= ErrorLength ? error : error[..(ErrorLength - 1)] + "…";
}
