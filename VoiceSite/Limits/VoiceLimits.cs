using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using VoiceSite.Audio;
using VoiceSite.Data.Entities;
using VoiceSite.Telemetry;

namespace VoiceSite.Limits;

/// <summary>
/// The per-user gates in front of a new voice session: the start rate, live sessions at once and the daily allowance;
/// and the per-user audio pace. All keyed by user, so a new connection or a session restart starts nothing afresh.
/// </summary>
/// <remarks>
/// Across replicas through the database: live sessions are places in <c>VoiceSessionLeases</c>
/// (<see cref="LiveSessionLeases"/>), starts are counted in <c>VoiceSessionStarts</c> (<see cref="VoiceStartLog"/>),
/// the daily use is in <c>VoiceUsage</c>. In memory, per replica: a token bucket per user in front of the start log (a
/// flood is refused without a database call), and the audio pace, which only needs to hold per replica: a user's live
/// sessions are capped across replicas, and each may stream in real time on the replica that holds it.
/// </remarks>
public sealed class VoiceLimits : IDisposable
{
    private readonly VoiceLimitsOptions _options;
    private readonly VoiceUsageStore _usage;
    private readonly LiveSessionLeases _leases;
    private readonly VoiceStartLog _startLog;
    private readonly TimeProvider _clock;
    private readonly VoiceMetrics _metrics;
    private readonly PartitionedRateLimiter<string> _starts;
    private readonly ConcurrentDictionary<string, AudioRateLimiter> _audio = new();

    public VoiceLimits(IOptions<VoiceLimitsOptions> options, VoiceUsageStore usage, LiveSessionLeases leases, VoiceStartLog startLog,
        VoiceMetrics metrics, TimeProvider clock)
    {
        _options = options.Value;
        _metrics = metrics;
        _usage = usage;
        _leases = leases;
        _startLog = startLog;
        _clock = clock;
        var perMinute = _options.StartsPerMinute;
        _starts = PartitionedRateLimiter.Create<string, string>(user => RateLimitPartition.GetTokenBucketLimiter(user, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) / perMinute,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    public VoiceLimitsOptions Options => _options;

    /// <summary>
    /// Counts a <c>StartSession</c> call against the user's start rate on this replica (every call, valid or not, so a
    /// flood of bad calls costs nothing upstream or in the database). Throws a <see cref="HubException"/> naming the
    /// limit and when it resets.
    /// </summary>
    public void CheckStartRate(string userId)
    {
        using (var lease = _starts.AttemptAcquire(userId))
        {
            if (!lease.IsAcquired)
            {
                var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromMinutes(1) / _options.StartsPerMinute;
                throw StartRateRefusal(wait);
            }
        }
    }

    /// <summary>
    /// Counts a start that passed <see cref="CheckStartRate"/> against the user's start rate on all replicas (the
    /// database); throws the same <see cref="HubException"/> when the user made <c>StartsPerMinute</c> in the last minute.
    /// </summary>
    public async Task CheckStartRateEverywhereAsync(string userId, CancellationToken cancellationToken)
    {
        if (await _startLog.TryRecordAsync(userId, cancellationToken) is { } wait)
            throw StartRateRefusal(wait);
    }

    private HubException StartRateRefusal(TimeSpan wait)
    {
        _metrics.LimitHit(VoiceMetrics.Limits.StartRate);
        return new HubException($"Too many voice sessions started: at most {_options.StartsPerMinute} a minute. Try again in {Describe(wait)}.");
    }

    /// <summary>Throws a <see cref="HubException"/> when the user has used today's voice minutes, saying when they come back.</summary>
    public async Task CheckAllowanceAsync(string userId, CancellationToken cancellationToken)
    {
        var today = await _usage.GetTodayAsync(userId, cancellationToken);
        if (today.Exhausted)
        {
            _metrics.LimitHit(VoiceMetrics.Limits.DailyMinutes);
            throw new HubException(DailyLimitMessage(today.AllowanceMinutes));
        }
    }

    /// <summary>
    /// Takes one of the user's live-session places (on all replicas), held until the returned lease is disposed (when
    /// the session ends). Throws a <see cref="HubException"/> naming the limit when all are taken.
    /// </summary>
    public async Task<LiveLease> AcquireLiveAsync(string userId, string connectionId, VoiceMode mode, CancellationToken cancellationToken) =>
        await _leases.TryAcquireAsync(userId, connectionId, mode, cancellationToken) ?? throw LiveLimitRefusal();

    /// <summary>
    /// A mode switch on a connection: its place is kept and its mode recorded. Throws the live-session limit's
    /// <see cref="HubException"/> (the lease given back) in the rare case the place had lapsed and none is free now.
    /// </summary>
    public async Task<LiveLease> SwitchLiveAsync(LiveLease lease, VoiceMode mode, CancellationToken cancellationToken) =>
        await _leases.SwitchModeAsync(lease, mode, cancellationToken) ? lease : throw LiveLimitRefusal();

    /// <summary>Renews this replica's places; returns those that lapsed and could not be taken again (their sessions must end).</summary>
    public Task<IReadOnlyList<LiveLease>> RenewLiveAsync(CancellationToken cancellationToken) => _leases.RenewAsync(cancellationToken);

    private HubException LiveLimitRefusal()
    {
        _metrics.LimitHit(VoiceMetrics.Limits.LiveSessions);
        return new HubException(LiveLimitMessage);
    }

    public string LiveLimitMessage =>
        $"You already have {_options.LiveSessionsPerUser} live voice {(_options.LiveSessionsPerUser == 1 ? "session" : "sessions")} (the most one account may hold at once). " +
        "End one (Disconnect, or close its tab) and try again.";

    /// <summary>The user's audio pace on this replica, shared by all their sessions here and kept across restarts and reconnects.</summary>
    public AudioRateLimiter AudioFor(string userId) => _audio.GetOrAdd(userId, static (_, clock) => new AudioRateLimiter(clock), _clock);

    /// <summary>The user's live sessions on this replica (each may stream in real time here).</summary>
    public int LiveSessions(string userId) => _leases.HeldBy(userId);

    public string DailyLimitMessage(int allowanceMinutes)
    {
        var reset = _usage.NextReset;
        return $"You have used today's {allowanceMinutes} voice minutes. The allowance starts again at midnight UTC " +
            $"({reset.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC, in {Describe(reset - _clock.GetUtcNow())}).";
    }

    public static string Describe(TimeSpan wait)
    {
        if (wait < TimeSpan.FromSeconds(1))
            return "a second";
        if (wait < TimeSpan.FromMinutes(1))
            return $"{Math.Ceiling(wait.TotalSeconds):0} s";
        if (wait < TimeSpan.FromHours(1))
            return $"{Math.Ceiling(wait.TotalMinutes):0} min";
        return $"{(int)wait.TotalHours} h {wait.Minutes} min";
    }

    public void Dispose() => _starts.Dispose();
}
