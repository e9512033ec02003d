using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VoiceSite.Data;
using VoiceSite.Data.Entities;

namespace VoiceSite.Limits;

/// <summary>
/// The start rate across replicas (<c>VoiceSessionStarts</c>): a start is written only when the user made fewer than
/// <see cref="VoiceLimitsOptions.StartsPerMinute"/> in the last minute on all replicas together. Only starts that passed
/// this replica's token bucket get here, so a flood is refused before the database and writes nothing.
/// </summary>
/// <remarks>
/// Race-free without relying on an isolation level: the count is taken again after writing, and a start that finds
/// more than the limit deletes its own row and is refused. Of any set of starts that all pass, the one that counted
/// last saw every other's row (each wrote before it counted), so more than the limit never pass; under contention at
/// the limit both racers may be refused, the safe side. Rows older than a minute are deleted by <see cref="PruneAsync"/>.
/// </remarks>
public sealed class VoiceStartLog(IDbContextFactory<AppDbContext> contexts, IOptions<VoiceLimitsOptions> options, TimeProvider clock)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>Records a start of the user's: null when it is within the rate, else how long until one would be.</summary>
    public async Task<TimeSpan?> TryRecordAsync(string userId, CancellationToken cancellationToken)
    {
        var limit = options.Value.StartsPerMinute;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await WaitAsync(db, userId, limit, now, cancellationToken) is { } wait)
            return wait; // refused without a write
        var start = new VoiceSessionStart { UserId = userId, StartedAt = now };
        db.VoiceSessionStarts.Add(start);
        await db.SaveChangesAsync(cancellationToken);
        if (!await Recent(db, userId, now).OrderByDescending(s => s.StartedAt).Skip(limit).AnyAsync(CancellationToken.None))
            return null;
        // Another replica wrote a start of the user's at the same moment: over the limit, so this one does not count.
        await db.VoiceSessionStarts.Where(s => s.Id == start.Id).ExecuteDeleteAsync(CancellationToken.None);
        return await WaitAsync(db, userId, limit, now, CancellationToken.None) ?? TimeSpan.FromSeconds(1);
    }

    /// <summary>Deletes starts older than the window (every user's).</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow().UtcDateTime - Window;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.VoiceSessionStarts.Where(s => s.StartedAt <= before).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// When the user may start again: the <paramref name="limit"/>-th most recent start in the window leaving it; null
    /// when fewer than that are in the window.
    /// </summary>
    private static async Task<TimeSpan?> WaitAsync(AppDbContext db, string userId, int limit, DateTime now, CancellationToken cancellationToken)
    {
        var nth = await Recent(db, userId, now).OrderByDescending(s => s.StartedAt).Skip(limit - 1)
            .Select(s => (DateTime?)s.StartedAt).FirstOrDefaultAsync(cancellationToken);
        return nth is { } at ? at + Window - now : null;
    }

    private static IQueryable<VoiceSessionStart> Recent(AppDbContext db, string userId, DateTime now)
    {
        var since = now - Window;
        return db.VoiceSessionStarts.Where(s => s.UserId == userId && s.StartedAt > since);
    }
}
