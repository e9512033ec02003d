using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VoiceSite.Data;

namespace VoiceSite.Recordings;

/// <summary>
/// Deletes recordings older than <see cref="RecordingOptions.RetentionDays"/>, every
/// <see cref="RecordingOptions.RetentionInterval"/>. Each pass is idempotent (deleting what is already gone is a
/// no-op), so any number of replicas can run it at the same time.
/// </summary>
public sealed partial class RecordingRetention(
    IOptions<RecordingOptions> options,
    IDbContextFactory<AppDbContext> dbFactory,
    RecordingCatalog catalog,
    TimeProvider clock,
    ILogger<RecordingRetention> logger) : BackgroundService
{
    private const int BatchSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.RetentionDays == 0)
            return;
        using var timer = new PeriodicTimer(options.Value.RetentionInterval, clock);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPassFailed(e); // tried again at the next interval
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Deletes every recording that started before the retention period; returns how many.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var days = options.Value.RetentionDays;
        if (days == 0)
            return 0;
        var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-days);
        var deleted = 0;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var batch = await db.Recordings.AsNoTracking()
                .Where(r => r.StartedAt < cutoff)
                .OrderBy(r => r.StartedAt)
                .Select(r => new { r.Id, r.StorageKey })
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            foreach (var recording in batch)
                await catalog.DeleteAsync(db, recording.Id, recording.StorageKey, cancellationToken);
            deleted += batch.Count;
            if (batch.Count < BatchSize)
                break;
        }
        if (deleted > 0)
            LogDeleted(deleted, days);
        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: deleted {Count} recordings older than {Days} days")]
    private partial void LogDeleted(int count, int days);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention pass failed; it runs again at the next interval")]
    private partial void LogPassFailed(Exception exception);
}
