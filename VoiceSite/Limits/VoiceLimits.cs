using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using VoiceSite.Audio;
using VoiceSite.Telemetry;

namespace VoiceSite.Limits;

/// <summary>
/// The per-user gates in front of a new voice session: the start rate (a token bucket per user), live sessions at once
/// (a concurrency limiter per user: the lease is held for the session's life) and the daily allowance; and the
/// per-user audio pace. All keyed by user, so a new connection or a session restart starts nothing afresh.
/// </summary>
/// <remarks>
/// In memory, per replica (the daily allowance is in the database and holds across replicas). With several replicas,
/// <c>LiveSessionsPerUser</c> and <c>StartsPerMinute</c> hold per replica.
/// </remarks>
public sealed class VoiceLimits : IDisposable
{
    private readonly VoiceLimitsOptions _options;
    private readonly VoiceUsageStore _usage;
    private readonly TimeProvider _clock;
    private readonly VoiceMetrics _metrics;
    private readonly PartitionedRateLimiter<string> _starts;
    private readonly PartitionedRateLimiter<string> _live;
    private readonly ConcurrentDictionary<string, AudioRateLimiter> _audio = new();
    private readonly ConcurrentDictionary<string, int> _liveCount = new();

    public VoiceLimits(IOptions<VoiceLimitsOptions> options, VoiceUsageStore usage, VoiceMetrics metrics, TimeProvider clock)
    {
        _options = options.Value;
        _metrics = metrics;
        _usage = usage;
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
        var live = _options.LiveSessionsPerUser;
        _live = PartitionedRateLimiter.Create<string, string>(user => RateLimitPartition.GetConcurrencyLimiter(user, _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = live,
            QueueLimit = 0,
        }));
    }

    public VoiceLimitsOptions Options => _options;

    /// <summary>
    /// Counts a <c>StartSession</c> call against the user's start rate (every call, valid or not, so a flood of bad calls
    /// costs nothing upstream either). Throws a <see cref="HubException"/> naming the limit and when it resets.
    /// </summary>
    public void CheckStartRate(string userId)
    {
        using (var lease = _starts.AttemptAcquire(userId))
        {
            if (!lease.IsAcquired)
            {
                _metrics.LimitHit(VoiceMetrics.Limits.StartRate);
                var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromMinutes(1) / _options.StartsPerMinute;
                throw new HubException(
                    $"Too many voice sessions started: at most {_options.StartsPerMinute} a minute. Try again in {Describe(wait)}.");
            }
        }
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
    /// Takes one of the user's live-session places, held until the returned lease is disposed (when the session ends).
    /// Throws a <see cref="HubException"/> naming the limit when all are taken.
    /// </summary>
    public IDisposable AcquireLive(string userId)
    {
        var lease = _live.AttemptAcquire(userId);
        if (lease.IsAcquired)
        {
            _liveCount.AddOrUpdate(userId, 1, (_, n) => n + 1);
            return new LivePlace(this, userId, lease);
        }
        lease.Dispose();
        _metrics.LimitHit(VoiceMetrics.Limits.LiveSessions);
        throw new HubException(
            $"You already have {_options.LiveSessionsPerUser} live voice sessions (the most one account may hold at once). " +
            "End one (Disconnect, or close its tab) and try again.");
    }

    /// <summary>The user's audio pace, shared by all their sessions and kept across restarts and reconnects.</summary>
    public AudioRateLimiter AudioFor(string userId) => _audio.GetOrAdd(userId, static (_, clock) => new AudioRateLimiter(clock), _clock);

    /// <summary>The user's live sessions now (on this replica).</summary>
    public int LiveSessions(string userId) => _liveCount.TryGetValue(userId, out var n) ? n : 0;

    private sealed class LivePlace(VoiceLimits owner, string userId, RateLimitLease lease) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1)
                return;
            owner._liveCount.AddOrUpdate(userId, 0, (_, n) => Math.Max(0, n - 1));
            lease.Dispose();
        }
    }

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

    public void Dispose()
    {
        _starts.Dispose();
        _live.Dispose();
    }
}
