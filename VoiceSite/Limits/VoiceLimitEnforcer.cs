using Microsoft.Extensions.Options;
using VoiceSite.Telemetry;
using VoiceSite.Voice;

namespace VoiceSite.Limits;

/// <summary>
/// Every <see cref="VoiceLimitsOptions.CheckInterval"/>: renews this replica's live-session places in the database
/// (and clears lapsed places and old starts of every replica), adds each live session's time to its user's day, and
/// ends (with an <c>Error</c> naming the limit and <c>SessionEnded(reason)</c>) sessions past the length limit, sessions
/// in which nobody spoke for the idle limit, and all sessions of users who have used their daily allowance. At shutdown
/// it gives back whatever places this replica still holds.
/// </summary>
internal sealed partial class VoiceLimitEnforcer(
    VoiceSessions sessions,
    VoiceLimits limits,
    VoiceUsageStore usage,
    LiveSessionLeases leases,
    VoiceStartLog starts,
    VoiceMetrics metrics,
    IOptions<VoiceLimitsOptions> options,
    TimeProvider clock,
    ILogger<VoiceLimitEnforcer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await EnforceAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogCheckFailed(e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            // Sessions were ended by the drain (their places given back one by one); this catches any left.
            await leases.ReleaseAllAsync(cancellationToken);
        }
        catch (Exception e)
        {
            LogReleaseFailed(e);
        }
    }

    public async Task EnforceAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var lost = await RenewAsync(cancellationToken);
        var stillLive = new List<LiveSession>();
        foreach (var live in sessions.Live)
        {
            if (lost.Contains(live.Place))
            {
                LogEnded(VoiceErrorCodes.LiveSessionLimit, live.UserId);
                metrics.LimitHit(VoiceMetrics.Limits.LiveSessions);
                await sessions.EndAsync(live.ConnectionId,
                    $"This session lost its place among your {o.LiveSessionsPerUser} live voice sessions (the server could not reach " +
                    "the database for a while) and they are all in use now. End one and press Connect to continue.",
                    VoiceErrorCodes.LiveSessionLimit);
            }
            else if (live.Age >= o.MaxSessionLength)
            {
                LogEnded(VoiceErrorCodes.SessionLengthLimit, live.UserId);
                metrics.LimitHit(VoiceMetrics.Limits.SessionLength);
                await sessions.EndAsync(live.ConnectionId,
                    $"This session reached the voice session length limit ({VoiceLimits.Describe(o.MaxSessionLength)}). Press Connect to start a new one.",
                    VoiceErrorCodes.SessionLengthLimit);
            }
            else if (live.Idle >= o.IdleLimit)
            {
                LogEnded(VoiceErrorCodes.IdleLimit, live.UserId);
                metrics.LimitHit(VoiceMetrics.Limits.Idle);
                await sessions.EndAsync(live.ConnectionId,
                    $"Nobody spoke for {VoiceLimits.Describe(o.IdleLimit)} (the idle limit), so the session was ended. Press Connect to continue.",
                    VoiceErrorCodes.IdleLimit);
            }
            else
            {
                await sessions.ChargeAsync(live);
                stillLive.Add(live);
            }
        }

        foreach (var user in stillLive.GroupBy(l => l.UserId))
        {
            var today = await usage.GetTodayAsync(user.Key, cancellationToken);
            if (!today.Exhausted)
                continue;
            LogEnded(VoiceErrorCodes.DailyLimit, user.Key);
            foreach (var live in user)
            {
                metrics.LimitHit(VoiceMetrics.Limits.DailyMinutes);
                await sessions.EndAsync(live.ConnectionId, limits.DailyLimitMessage(today.AllowanceMinutes), VoiceErrorCodes.DailyLimit);
            }
        }
    }

    /// <summary>Renews the places first, so a slow check never lets them lapse; a failure is logged and retried at the next check.</summary>
    private async Task<IReadOnlyList<LiveLease>> RenewAsync(CancellationToken cancellationToken)
    {
        try
        {
            var lost = await limits.RenewLiveAsync(cancellationToken);
            await starts.PruneAsync(cancellationToken);
            return lost;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRenewFailed(e);
            return [];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing this replica's live-session places failed; they lapse unless the next check succeeds")]
    private partial void LogRenewFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Giving back this replica's live-session places at shutdown failed; they lapse by themselves")]
    private partial void LogReleaseFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Voice session of user {UserId} ended by limit {Limit}")]
    private partial void LogEnded(string limit, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checking live sessions against the voice limits failed")]
    private partial void LogCheckFailed(Exception exception);
}
