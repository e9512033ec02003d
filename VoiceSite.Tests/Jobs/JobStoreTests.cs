using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VoiceSite.Data;
using VoiceSite.Data.Entities;
using VoiceSite.Jobs;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Jobs;

/// <summary>The job table's claims and leases, on a clock the test moves (a kind no worker of the site handles).</summary>
public sealed class JobStoreTests(VoiceSiteFactory site) : IClassFixture<VoiceSiteFactory>
{
    private const string Kind = "test-only";

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private (JobStore Store, ManualClock Clock) NewStore()
    {
        var clock = new ManualClock(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var options = Options.Create(new JobOptions { LeaseDuration = TimeSpan.FromMinutes(1) });
        return (new JobStore(site.Services.GetRequiredService<IDbContextFactory<AppDbContext>>(), options, clock), clock);
    }

    private Task<BackgroundJob> AddAsync(DateTime now, Action<BackgroundJob>? configure = null) =>
        site.WithDbAsync(async db =>
        {
            var job = new BackgroundJob { Kind = Kind, Key = $"test:{Guid.NewGuid():N}", NextAttemptAt = now, CreatedAt = now, UpdatedAt = now, MaxAttempts = 3 };
            configure?.Invoke(job);
            db.BackgroundJobs.Add(job);
            await db.SaveChangesAsync();
            return job;
        });

    private Task<BackgroundJob> ReloadAsync(Guid id) => site.WithDbAsync(db => db.BackgroundJobs.AsNoTracking().SingleAsync(j => j.Id == id));

    [Fact]
    public async Task A_live_lease_keeps_a_job_on_its_replica_and_an_expired_one_lets_another_take_it_over()
    {
        var (store, clock) = NewStore();
        var now = clock.Now.UtcDateTime;
        var job = await AddAsync(now, j => { j.State = JobState.Running; j.LeaseOwner = "replica-a"; j.LeaseExpiresAt = now.AddSeconds(30); j.Attempts = 1; });

        Assert.Null(await store.ClaimNextAsync("replica-b", [Kind], default));

        clock.Now = clock.Now.AddSeconds(31);
        var claimed = await store.ClaimNextAsync("replica-b", [Kind], default);
        Assert.Equal(job.Id, claimed?.Id);
        Assert.Equal("replica-b", claimed!.LeaseOwner);
        Assert.Equal(2, claimed.Attempts);

        // The old owner, back from the dead, can neither renew nor record an outcome.
        Assert.False(await store.RenewLeaseAsync(job.Id, "replica-a", default));
        Assert.False(await store.CompleteAsync(job.Id, "replica-a", default));
        Assert.True(await store.CompleteAsync(job.Id, "replica-b", default));
        Assert.Equal(JobState.Done, (await ReloadAsync(job.Id)).State);
    }

    [Fact]
    public async Task Two_replicas_claiming_at_once_get_a_due_job_once_and_a_job_in_backoff_waits()
    {
        var (store, clock) = NewStore();
        var now = clock.Now.UtcDateTime;
        var due = await AddAsync(now.AddSeconds(-1));
        var later = await AddAsync(now.AddSeconds(10));

        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => store.ClaimNextAsync($"replica-{i}", [Kind], default)));
        Assert.Single(claims, c => c?.Id == due.Id);
        Assert.DoesNotContain(claims, c => c?.Id == later.Id);

        // Retried: queued again with its error, not before the backoff.
        var owner = claims.Single(c => c is not null)!.LeaseOwner!;
        Assert.True(await store.RetryLaterAsync(due.Id, owner, "Chat: too many requests.", TimeSpan.FromSeconds(20), default));
        var retried = await ReloadAsync(due.Id);
        Assert.Equal(JobState.Queued, retried.State);
        Assert.Equal("Chat: too many requests.", retried.LastError);
        Assert.Null(retried.LeaseOwner);
        clock.Now = clock.Now.AddSeconds(15);
        Assert.Equal(later.Id, (await store.ClaimNextAsync("replica-x", [Kind], default))?.Id);
        Assert.Null(await store.ClaimNextAsync("replica-x", [Kind], default));
        clock.Now = clock.Now.AddSeconds(10);
        Assert.Equal(due.Id, (await store.ClaimNextAsync("replica-x", [Kind], default))?.Id);
    }

    [Fact]
    public async Task A_job_given_back_at_shutdown_is_queued_at_once_without_counting_the_interrupted_run()
    {
        var (store, clock) = NewStore();
        var job = await AddAsync(clock.Now.UtcDateTime);
        var claimed = (await store.ClaimNextAsync("replica-a", [Kind], default))!;
        Assert.Equal(1, claimed.Attempts);

        Assert.True(await store.ReleaseAsync(job.Id, "replica-a", default));
        var released = await ReloadAsync(job.Id);
        Assert.Equal(JobState.Queued, released.State);
        Assert.Equal(0, released.Attempts);
        Assert.Equal(job.Id, (await store.ClaimNextAsync("replica-b", [Kind], default))?.Id);
    }

    [Fact]
    public void Backoff_doubles_from_the_base_up_to_the_cap_and_honours_retry_after()
    {
        var options = new JobOptions { RetryBaseDelay = TimeSpan.FromSeconds(2), RetryMaxDelay = TimeSpan.FromSeconds(30) };
        Assert.Equal(TimeSpan.FromSeconds(2), JobBackoff.Delay(1, options, jitter: 0));
        Assert.Equal(TimeSpan.FromSeconds(8), JobBackoff.Delay(3, options, jitter: 0));
        Assert.Equal(TimeSpan.FromSeconds(30), JobBackoff.Delay(9, options, jitter: 0));
        Assert.Equal(TimeSpan.FromSeconds(60), JobBackoff.Delay(1, options, retryAfter: TimeSpan.FromSeconds(60), jitter: 0));
        Assert.InRange(JobBackoff.Delay(2, options).TotalSeconds, 4, 4.8);
    }
}
