using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VoiceSite.Data;
using VoiceSite.Data.Entities;
using VoiceSite.Hosting;

namespace VoiceSite.Limits;

/// <summary>
/// The live-session places of every user, in the database (<c>VoiceSessionLeases</c>), so the limit holds across
/// replicas; and the places this replica holds, which it renews. A place is a (user, slot) row, slot 0 to
/// <c>LiveSessionsPerUser</c> - 1, under a unique index: two replicas taking the same slot at once cannot both succeed
/// (whatever the isolation level), the loser tries the next free slot. A row not renewed for
/// <see cref="VoiceLimitsOptions.LiveLeaseDuration"/> (its replica died) has lapsed: it counts for nothing and is deleted
/// by the next replica that looks.
/// </summary>
public sealed partial class LiveSessionLeases(
    IDbContextFactory<AppDbContext> contexts,
    ReplicaIdentity replica,
    IOptions<VoiceLimitsOptions> options,
    TimeProvider clock,
    ILogger<LiveSessionLeases> logger)
{
    /// <summary>Most ids in one renewal statement (SQL Server takes at most 2,100 parameters).</summary>
    private const int Batch = 500;

    private readonly ConcurrentDictionary<Guid, LiveLease> _held = new();
    private readonly ConcurrentDictionary<string, int> _heldPerUser = new();

    /// <summary>This replica's name on the rows it writes.</summary>
    public string ReplicaId => replica.Id;

    /// <summary>Places held on this replica now.</summary>
    public int Held => _held.Count;

    /// <summary>The user's places held on this replica now (no database call: the audio pace asks per chunk).</summary>
    public int HeldBy(string userId) => _heldPerUser.TryGetValue(userId, out var n) ? n : 0;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Takes one of the user's free places (on no replica held and not lapsed); null when all are taken.</summary>
    public async Task<LiveLease?> TryAcquireAsync(string userId, string connectionId, VoiceMode mode, CancellationToken cancellationToken)
    {
        var lease = new LiveLease(this, userId, connectionId, mode, Now);
        if (!await TryInsertAsync(lease, cancellationToken))
            return null;
        _held[lease.Id] = lease;
        _heldPerUser.AddOrUpdate(userId, 1, (_, n) => n + 1);
        return lease;
    }

    /// <summary>
    /// Records the session's new mode on its place (a mode switch keeps the place). When the row had lapsed meanwhile,
    /// a free place is taken again for it; false when there is none (the place is then given back).
    /// </summary>
    public async Task<bool> SwitchModeAsync(LiveLease lease, VoiceMode mode, CancellationToken cancellationToken)
    {
        lease.Mode = mode;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var updated = await db.VoiceSessionLeases.Where(l => l.Id == lease.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.Mode, mode).SetProperty(l => l.ExpiresAt, ExpiresAt(Now)), cancellationToken);
            if (updated == 1)
                return true;
        }
        if (await TryRestoreAsync(lease, cancellationToken))
            return true;
        await lease.DisposeAsync();
        return false;
    }

    /// <summary>
    /// Moves the expiry of every place this replica holds ahead by <see cref="VoiceLimitsOptions.LiveLeaseDuration"/>, then
    /// deletes lapsed rows (any replica's). A held row found gone (it lapsed: renewals failed for that long and another
    /// replica deleted it) is written again in a free place; the leases for which none was free are returned: their
    /// sessions must end.
    /// </summary>
    public async Task<IReadOnlyList<LiveLease>> RenewAsync(CancellationToken cancellationToken)
    {
        var held = _held.Values.ToList();
        var now = Now;
        var expires = ExpiresAt(now);
        var lost = new List<LiveLease>();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var renewed = 0;
        foreach (var batch in held.Chunk(Batch))
        {
            var ids = batch.Select(l => l.Id).ToList();
            renewed += await db.VoiceSessionLeases.Where(l => ids.Contains(l.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, expires), cancellationToken);
        }
        if (renewed < held.Count)
        {
            var present = new HashSet<Guid>();
            foreach (var batch in held.Chunk(Batch))
            {
                var ids = batch.Select(l => l.Id).ToList();
                present.UnionWith(await db.VoiceSessionLeases.Where(l => ids.Contains(l.Id)).Select(l => l.Id).ToListAsync(cancellationToken));
            }
            foreach (var lease in held.Where(l => !present.Contains(l.Id) && !l.Released))
            {
                if (await TryRestoreAsync(lease, cancellationToken))
                    LogRestored(lease.UserId);
                else
                {
                    LogLost(lease.UserId);
                    lost.Add(lease);
                }
            }
        }
        await db.VoiceSessionLeases.Where(l => l.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        return lost;
    }

    /// <summary>Gives every place of this replica back (shutdown: its sessions are ending or gone).</summary>
    public async Task ReleaseAllAsync(CancellationToken cancellationToken)
    {
        foreach (var lease in _held.Values)
        {
            if (lease.MarkReleased())
                Forget(lease);
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var deleted = await db.VoiceSessionLeases.Where(l => l.ReplicaId == replica.Id).ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0)
            LogReleasedAll(deleted);
    }

    internal async Task ReleaseAsync(LiveLease lease)
    {
        if (!lease.MarkReleased())
            return;
        // Forgotten first, so a renewal running now cannot write the row again after it is deleted (see TryRestoreAsync).
        Forget(lease);
        try
        {
            await using var db = await contexts.CreateDbContextAsync();
            await db.VoiceSessionLeases.Where(l => l.Id == lease.Id).ExecuteDeleteAsync();
        }
        catch (Exception e)
        {
            // The row lapses by itself within LiveLeaseDuration (nothing renews it any more).
            LogReleaseFailed(e, lease.UserId);
        }
    }

    private void Forget(LiveLease lease)
    {
        if (!_held.TryRemove(lease.Id, out _))
            return;
        var left = _heldPerUser.AddOrUpdate(lease.UserId, 0, (_, n) => Math.Max(0, n - 1));
        if (left == 0)
            _heldPerUser.TryRemove(new KeyValuePair<string, int>(lease.UserId, 0));
    }

    /// <summary>Writes a lapsed place again (same id) if the user has one free; false when not.</summary>
    private async Task<bool> TryRestoreAsync(LiveLease lease, CancellationToken cancellationToken)
    {
        if (!await TryInsertAsync(lease, cancellationToken))
            return false;
        if (!lease.Released)
            return true;
        // Released while the row was being written: delete it again (the release may have run before the insert).
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.VoiceSessionLeases.Where(l => l.Id == lease.Id).ExecuteDeleteAsync(cancellationToken);
        return false;
    }

    /// <summary>
    /// Inserts the lease's row in the user's lowest free slot: lapsed rows of the user are deleted first, then each
    /// free slot is tried in turn; a unique violation means another replica took that slot first.
    /// </summary>
    private async Task<bool> TryInsertAsync(LiveLease lease, CancellationToken cancellationToken)
    {
        var limit = options.Value.LiveSessionsPerUser;
        var now = Now;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.VoiceSessionLeases.Where(l => l.UserId == lease.UserId && l.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        var taken = await db.VoiceSessionLeases.Where(l => l.UserId == lease.UserId).Select(l => l.Slot).ToListAsync(cancellationToken);
        if (taken.Count >= limit)
            return false;
        for (var slot = 0; slot < limit; slot++)
        {
            if (taken.Contains(slot))
                continue;
            db.VoiceSessionLeases.Add(new VoiceSessionLease
            {
                Id = lease.Id,
                UserId = lease.UserId,
                Slot = slot,
                ReplicaId = replica.Id,
                ConnectionId = lease.ConnectionId,
                Mode = lease.Mode,
                StartedAt = lease.StartedAt,
                ExpiresAt = ExpiresAt(now),
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return true;
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
            {
                db.ChangeTracker.Clear(); // taken meanwhile (another replica or tab): try the next slot
            }
        }
        return false;
    }

    private DateTime ExpiresAt(DateTime now) => now + options.Value.LiveLeaseDuration;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Giving back a live-session place of user {UserId} failed; it lapses by itself")]
    private partial void LogReleaseFailed(Exception exception, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A live-session place of user {UserId} had lapsed (renewals failed) and was taken again")]
    private partial void LogRestored(string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A live-session place of user {UserId} had lapsed and all are taken now; its session ends")]
    private partial void LogLost(string userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gave back the {Count} live-session places this replica still held")]
    private partial void LogReleasedAll(int count);
}
