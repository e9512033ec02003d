using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VoiceSite.Data;
using VoiceSite.Data.Entities;

namespace VoiceSite.Telemetry;

/// <summary>
/// Upstream failures counted per hour, service and code in memory, and added to the database
/// (<see cref="UpstreamErrorCount"/>) every <see cref="TelemetryOptions.ErrorFlushInterval"/> and when the host stops:
/// a few rows an hour whatever the error rate, atomic increments, so every replica adds to the same rows.
/// </summary>
public sealed partial class UpstreamErrorStore(
    IDbContextFactory<AppDbContext> contexts,
    IOptions<TelemetryOptions> options,
    TimeProvider clock,
    ILogger<UpstreamErrorStore> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<(DateTime Hour, string Service, string Code), int> _pending = new();

    /// <summary>Counts one failure in the current hour (memory only; no I/O).</summary>
    public void Record(string service, string code)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var hour = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc);
        _pending.AddOrUpdate((hour, service, code), 1, (_, n) => n + 1);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ErrorFlushInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await FlushAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    /// <summary>Adds the counts gathered so far to the database; counts that could not be written are kept for the next time.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        foreach (var key in _pending.Keys.ToArray())
        {
            if (!_pending.TryRemove(key, out var count) || count == 0)
                continue;
            try
            {
                await AddAsync(key.Hour, key.Service, key.Code, count, cancellationToken);
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or OperationCanceledException
                                          or System.Data.Common.DbException)
            {
                _pending.AddOrUpdate(key, count, (_, n) => n + count);
                LogFlushFailed(e);
                return;
            }
        }
    }

    private async Task AddAsync(DateTime hour, string service, string code, int count, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            var updated = await db.UpstreamErrorCounts.Where(e => e.Hour == hour && e.Service == service && e.Code == code)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Count, e => e.Count + count), cancellationToken);
            if (updated > 0)
                return;
            db.UpstreamErrorCounts.Add(new UpstreamErrorCount { Hour = hour, Service = service, Code = code, Count = count });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException e) when (attempt == 0 && DbErrors.IsUniqueViolation(e))
            {
                // Another replica inserted the hour's row first: add to it instead.
                db.ChangeTracker.Clear();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storing the hourly upstream error counts failed; they are kept for the next try")]
    private partial void LogFlushFailed(Exception exception);
}
