using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using VoiceSite.Data;
using VoiceSite.Data.Entities;
using VoiceSite.Hosting;
using VoiceSite.Limits;
using VoiceSite.Telemetry;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Limits;

/// <summary>
/// Issue 14: the live-session limit and the start rate across replicas. Two replicas' <see cref="VoiceLimits"/> over one
/// SQLite file (the test site's), on a clock the test moves (in 2030, so the site's own checks never touch these rows).
/// </summary>
public sealed class LiveSessionLeasesTests(VoiceSiteFactory site) : IClassFixture<VoiceSiteFactory>
{
    private const string LimitMessage =
        "You already have 2 live voice sessions (the most one account may hold at once). End one (Disconnect, or close its tab) and try again.";

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
        public void Advance(double seconds) => Now = Now.AddSeconds(seconds);
    }

    /// <summary>What one replica holds of the limits: its own lease registry, start log and token bucket.</summary>
    private sealed class Replica : IDisposable
    {
        public required string Name { get; init; }
        public required LiveSessionLeases Leases { get; init; }
        public required VoiceLimits Limits { get; init; }
        public void Dispose() => Limits.Dispose();
    }

    private readonly ManualClock _clock = new();

    /// <summary>Live sessions 2, starts 3 a minute, leases a minute ahead.</summary>
    private Replica NewReplica()
    {
        var options = Options.Create(new VoiceLimitsOptions { LiveSessionsPerUser = 2, StartsPerMinute = 3, LiveLeaseDuration = TimeSpan.FromMinutes(1) });
        var contexts = site.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var name = $"replica-{Guid.NewGuid():N}"[..16];
        var leases = new LiveSessionLeases(contexts, new ReplicaIdentity(name), options, _clock, NullLogger<LiveSessionLeases>.Instance);
        var limits = new VoiceLimits(options, site.Services.GetRequiredService<VoiceUsageStore>(), leases, new VoiceStartLog(contexts, options, _clock),
            site.Services.GetRequiredService<VoiceMetrics>(), _clock);
        return new Replica { Name = name, Leases = leases, Limits = limits };
    }

    private async Task<string> NewUserAsync() => (await site.CreateUserAsync($"lease-{Guid.NewGuid():N}@test.local")).Id;

    private Task<List<VoiceSessionLease>> RowsAsync(string userId) =>
        site.WithDbAsync(db => db.VoiceSessionLeases.AsNoTracking().Where(l => l.UserId == userId).OrderBy(l => l.Slot).ToListAsync());

    private Task<int> StartRowsAsync(string userId) => site.WithDbAsync(db => db.VoiceSessionStarts.CountAsync(s => s.UserId == userId));

    [Fact]
    public async Task A_user_at_the_limit_on_one_replica_is_refused_on_the_other_and_ending_one_frees_a_place()
    {
        var user = await NewUserAsync();
        using var a = NewReplica();
        using var b = NewReplica();

        var first = await a.Limits.AcquireLiveAsync(user, "a-1", VoiceMode.Realtime, default);
        await a.Limits.AcquireLiveAsync(user, "a-2", VoiceMode.Pipeline, default);
        var refused = await Assert.ThrowsAsync<HubException>(() => b.Limits.AcquireLiveAsync(user, "b-1", VoiceMode.Realtime, default));
        Assert.Equal(LimitMessage, refused.Message);
        Assert.Equal(2, a.Limits.LiveSessions(user));
        Assert.Equal(0, b.Limits.LiveSessions(user));
        var rows = await RowsAsync(user);
        Assert.Equal([0, 1], rows.Select(r => r.Slot));
        Assert.All(rows, r => Assert.Equal(a.Name, r.ReplicaId));
        Assert.Equal(["a-1", "a-2"], rows.Select(r => r.ConnectionId));
        Assert.Equal(_clock.Now.UtcDateTime.AddMinutes(1), rows[0].ExpiresAt);

        // The session on A ends: its place (slot 0) is free for B at once; disposing twice changes nothing.
        await first.DisposeAsync();
        await first.DisposeAsync();
        Assert.Equal(1, a.Limits.LiveSessions(user));
        var third = await b.Limits.AcquireLiveAsync(user, "b-1", VoiceMode.Realtime, default);
        Assert.Equal(1, b.Limits.LiveSessions(user));
        rows = await RowsAsync(user);
        Assert.Equal([(0, b.Name, third.Id), (1, a.Name, rows[1].Id)], rows.Select(r => (r.Slot, r.ReplicaId, r.Id)));
        await Assert.ThrowsAsync<HubException>(() => a.Limits.AcquireLiveAsync(user, "a-3", VoiceMode.Realtime, default));
    }

    [Fact]
    public async Task A_dead_replicas_places_lapse_and_another_replica_takes_them_while_a_live_replica_keeps_its_own()
    {
        var user = await NewUserAsync();
        using var a = NewReplica();
        using var b = NewReplica();
        await a.Limits.AcquireLiveAsync(user, "a-1", VoiceMode.Realtime, default);
        await a.Limits.AcquireLiveAsync(user, "a-2", VoiceMode.Realtime, default);

        // A renews at 45 s: at 90 s (past the first expiry) its places still hold.
        _clock.Advance(45);
        Assert.Empty(await a.Limits.RenewLiveAsync(default));
        _clock.Advance(45);
        await Assert.ThrowsAsync<HubException>(() => b.Limits.AcquireLiveAsync(user, "b-1", VoiceMode.Pipeline, default));

        // Then A dies (no more renewals): a minute after its last renewal, its places are B's to take.
        _clock.Advance(14);
        await Assert.ThrowsAsync<HubException>(() => b.Limits.AcquireLiveAsync(user, "b-1", VoiceMode.Pipeline, default));
        _clock.Advance(2);
        await b.Limits.AcquireLiveAsync(user, "b-1", VoiceMode.Pipeline, default);
        await b.Limits.AcquireLiveAsync(user, "b-2", VoiceMode.Pipeline, default);
        var rows = await RowsAsync(user);
        Assert.Equal(2, rows.Count); // A's lapsed rows were deleted, not just skipped
        Assert.All(rows, r => Assert.Equal(b.Name, r.ReplicaId));
    }

    [Fact]
    public async Task Twenty_acquisitions_racing_on_two_replicas_get_exactly_the_limit()
    {
        var user = await NewUserAsync();
        using var a = NewReplica();
        using var b = NewReplica();

        var racers = Enumerable.Range(0, 20)
            .Select(i => Task.Run(() => (i % 2 == 0 ? a : b).Leases.TryAcquireAsync(user, $"c-{i}", VoiceMode.Realtime, default)));
        var leases = (await Task.WhenAll(racers)).Where(l => l is not null).ToList();

        Assert.Equal(2, leases.Count);
        Assert.Equal(2, a.Limits.LiveSessions(user) + b.Limits.LiveSessions(user));
        var rows = await RowsAsync(user);
        Assert.Equal([0, 1], rows.Select(r => r.Slot));
        Assert.Equal(leases.Select(l => l!.Id).Order(), rows.Select(r => r.Id).Order());
    }

    [Fact]
    public async Task The_start_rate_holds_across_replicas_and_a_refused_start_writes_nothing()
    {
        var user = await NewUserAsync();
        using var a = NewReplica();
        using var b = NewReplica();

        await a.Limits.CheckStartRateEverywhereAsync(user, default); // t = 0
        _clock.Advance(10);
        await a.Limits.CheckStartRateEverywhereAsync(user, default); // t = 10
        _clock.Advance(10);
        await b.Limits.CheckStartRateEverywhereAsync(user, default); // t = 20
        _clock.Advance(10);
        foreach (var replica in new[] { a, b, b })
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => replica.Limits.CheckStartRateEverywhereAsync(user, default));
            Assert.Equal("Too many voice sessions started: at most 3 a minute. Try again in 30 s.", refused.Message);
        }
        Assert.Equal(3, await StartRowsAsync(user));

        // The first start leaves the window at t = 60: one more, then the next waits for the second (t = 10) to leave.
        _clock.Advance(31);
        await b.Limits.CheckStartRateEverywhereAsync(user, default);
        var again = await Assert.ThrowsAsync<HubException>(() => a.Limits.CheckStartRateEverywhereAsync(user, default));
        Assert.Equal("Too many voice sessions started: at most 3 a minute. Try again in 9 s.", again.Message);

        // The per-replica bucket is separate and in front: it refuses without a start being written.
        using var c = NewReplica();
        var other = await NewUserAsync();
        for (var i = 0; i < 3; i++)
            c.Limits.CheckStartRate(other);
        Assert.Throws<HubException>(() => c.Limits.CheckStartRate(other));
        Assert.Equal(0, await StartRowsAsync(other));
    }

    [Fact]
    public async Task Starts_racing_on_two_replicas_never_pass_more_than_the_rate()
    {
        var user = await NewUserAsync();
        using var a = NewReplica();
        using var b = NewReplica();

        var racers = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            try
            {
                await (i % 2 == 0 ? a : b).Limits.CheckStartRateEverywhereAsync(user, default);
                return true;
            }
            catch (HubException)
            {
                return false;
            }
        }));
        var passed = (await Task.WhenAll(racers)).Count(p => p);

        Assert.InRange(passed, 0, 3);
        // Each refused racer took its row back: the log holds exactly the starts that passed, and the rest of the
        // minute's allowance is still there.
        Assert.Equal(passed, await StartRowsAsync(user));
        for (var i = passed; i < 3; i++)
            await a.Limits.CheckStartRateEverywhereAsync(user, default);
        await Assert.ThrowsAsync<HubException>(() => b.Limits.CheckStartRateEverywhereAsync(user, default));
    }

    [Fact]
    public async Task A_mode_switch_keeps_the_place_and_records_the_mode_even_after_the_place_lapsed()
    {
        var user = await NewUserAsync();
        using var a = NewReplica();
        using var b = NewReplica();
        var lease = await a.Limits.AcquireLiveAsync(user, "a-1", VoiceMode.Realtime, default);

        Assert.Same(lease, await a.Limits.SwitchLiveAsync(lease, VoiceMode.Pipeline, default));
        var row = Assert.Single(await RowsAsync(user));
        Assert.Equal((lease.Id, VoiceMode.Pipeline, 0), (row.Id, row.Mode, row.Slot));

        // The row lapsed and was deleted meanwhile (renewals failed): the switch writes it again in a free place.
        _clock.Advance(61);
        await b.Limits.AcquireLiveAsync(user, "b-1", VoiceMode.Realtime, default); // deletes the lapsed row, takes slot 0
        await a.Limits.SwitchLiveAsync(lease, VoiceMode.Realtime, default);
        var rows = await RowsAsync(user);
        Assert.Equal((lease.Id, VoiceMode.Realtime, 1), rows.Where(r => r.Id == lease.Id).Select(r => (r.Id, r.Mode, r.Slot)).Single());

        // Lapsed again, and now both places are held on B: the switch is refused with the limit and the lease given back.
        _clock.Advance(61);
        await b.Limits.RenewLiveAsync(default);
        await b.Limits.AcquireLiveAsync(user, "b-2", VoiceMode.Realtime, default);
        var refused = await Assert.ThrowsAsync<HubException>(() => a.Limits.SwitchLiveAsync(lease, VoiceMode.Pipeline, default));
        Assert.Equal(LimitMessage, refused.Message);
        Assert.True(lease.Released);
        Assert.Equal(0, a.Limits.LiveSessions(user));
    }

    [Fact]
    public async Task Renewal_takes_a_lapsed_place_again_when_one_is_free_and_reports_it_lost_when_none_is()
    {
        var user = await NewUserAsync();
        using var a = NewReplica();
        using var b = NewReplica();
        var lease = await a.Limits.AcquireLiveAsync(user, "a-1", VoiceMode.Realtime, default);

        // A could not renew for over a minute; B took both places meanwhile (deleting A's lapsed row).
        _clock.Advance(61);
        var onB = await b.Limits.AcquireLiveAsync(user, "b-1", VoiceMode.Pipeline, default);
        await b.Limits.AcquireLiveAsync(user, "b-2", VoiceMode.Pipeline, default);
        Assert.Equal([lease], await a.Limits.RenewLiveAsync(default));
        Assert.DoesNotContain(await RowsAsync(user), r => r.Id == lease.Id);

        // One of B's sessions ends: A's next renewal writes its place again, same id.
        await onB.DisposeAsync();
        Assert.Empty(await a.Limits.RenewLiveAsync(default));
        var row = Assert.Single(await RowsAsync(user), r => r.Id == lease.Id);
        Assert.Equal((a.Name, "a-1", _clock.Now.UtcDateTime.AddMinutes(1)), (row.ReplicaId, row.ConnectionId, row.ExpiresAt));
    }

    [Fact]
    public async Task A_replica_shutting_down_gives_back_its_own_places_only()
    {
        var user = await NewUserAsync();
        using var a = NewReplica();
        using var b = NewReplica();
        var onA = await a.Limits.AcquireLiveAsync(user, "a-1", VoiceMode.Realtime, default);
        await b.Limits.AcquireLiveAsync(user, "b-1", VoiceMode.Realtime, default);

        await a.Leases.ReleaseAllAsync(default);

        var row = Assert.Single(await RowsAsync(user));
        Assert.Equal(b.Name, row.ReplicaId);
        Assert.Equal(0, a.Leases.Held);
        Assert.True(onA.Released);
        await onA.DisposeAsync(); // the session ending afterwards changes nothing
        Assert.Single(await RowsAsync(user));
    }

    [Fact]
    public void The_lease_must_outlast_three_checks()
    {
        var options = new VoiceLimitsOptions { CheckInterval = TimeSpan.FromSeconds(30), LiveLeaseDuration = TimeSpan.FromSeconds(80) };
        var results = new List<ValidationResult>();
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.Contains(results, r => r.ErrorMessage!.Contains("VoiceLimits:LiveLeaseDuration", StringComparison.Ordinal)
            && r.ErrorMessage.Contains("VoiceLimits:CheckInterval", StringComparison.Ordinal));

        options.LiveLeaseDuration = TimeSpan.FromSeconds(90);
        Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), results = [], validateAllProperties: true));
        Assert.True(new VoiceLimitsOptions().LiveLeaseDuration >= new VoiceLimitsOptions().CheckInterval * 3);
    }
}
