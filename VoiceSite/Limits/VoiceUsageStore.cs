using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VoiceSite.Data;
using VoiceSite.Data.Entities;

namespace VoiceSite.Limits;

/// <summary>One user's voice time today and what they may use.</summary>
public sealed record VoiceUsageToday(string UserId, double UsedSeconds, int AllowanceMinutes, bool OwnAllowance)
{
    public bool Exhausted => UsedSeconds >= AllowanceMinutes * 60.0;
}

/// <summary>A row of the administrators' usage page.</summary>
public sealed record UserVoiceUsage(string UserId, string Email, double UsedSeconds, int AllowanceMinutes, bool OwnAllowance);

/// <summary>Daily voice time per user and the administrators' per-user allowances, in the database (shared by every replica).</summary>
public sealed class VoiceUsageStore(IDbContextFactory<AppDbContext> contexts, IOptions<VoiceLimitsOptions> options, TimeProvider clock)
{
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>When today's use is forgotten: the next midnight UTC.</summary>
    public DateTimeOffset NextReset => new(Today.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public async Task<VoiceUsageToday> GetTodayAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var today = Today;
        var used = await db.VoiceUsage.AsNoTracking().Where(u => u.UserId == userId && u.Day == today)
            .Select(u => (double?)u.Seconds).FirstOrDefaultAsync(cancellationToken) ?? 0;
        var own = await db.VoiceAllowances.AsNoTracking().Where(a => a.UserId == userId)
            .Select(a => (int?)a.DailyMinutes).FirstOrDefaultAsync(cancellationToken);
        return new VoiceUsageToday(userId, used, own ?? options.Value.DailyVoiceMinutes, own is not null);
    }

    /// <summary>Adds voice time to the user's day (atomic in the database, safe with several sessions and replicas).</summary>
    public async Task AddAsync(string userId, double seconds, CancellationToken cancellationToken = default)
    {
        if (seconds <= 0)
            return;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var today = Today;
        for (var attempt = 0; ; attempt++)
        {
            var updated = await db.VoiceUsage.Where(u => u.UserId == userId && u.Day == today)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.Seconds, u => u.Seconds + seconds), cancellationToken);
            if (updated > 0)
                return;
            db.VoiceUsage.Add(new VoiceUsage { UserId = userId, Day = today, Seconds = seconds });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // Another session inserted the day's row first: add to it instead.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Most users the usage page lists (the heaviest users come first).</summary>
    public const int MaxListed = 500;

    /// <summary>Users with today's use and allowance, most used first (at most <see cref="MaxListed"/>).</summary>
    public async Task<IReadOnlyList<UserVoiceUsage>> ListTodayAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var today = Today;
        var rows = await (
            from user in db.Users.AsNoTracking()
            join usage in db.VoiceUsage.Where(u => u.Day == today) on user.Id equals usage.UserId into usages
            from usage in usages.DefaultIfEmpty()
            join allowance in db.VoiceAllowances on user.Id equals allowance.UserId into allowances
            from allowance in allowances.DefaultIfEmpty()
            select new { user.Id, user.Email, Used = (double?)usage!.Seconds, Own = (int?)allowance!.DailyMinutes })
            .OrderByDescending(r => r.Used ?? 0).ThenBy(r => r.Email)
            .Take(MaxListed)
            .ToListAsync(cancellationToken);
        return rows
            .Select(r => new UserVoiceUsage(r.Id, r.Email ?? r.Id, r.Used ?? 0, r.Own ?? options.Value.DailyVoiceMinutes, r.Own is not null))
            .ToList();
    }

    public async Task<UserVoiceUsage?> GetRowAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var email = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken);
        if (email is null)
            return null;
        var today = await GetTodayAsync(userId, cancellationToken);
        return new UserVoiceUsage(userId, email, today.UsedSeconds, today.AllowanceMinutes, today.OwnAllowance);
    }

    /// <summary>Sets the user's own daily allowance (null: back to the site's default). False when there is no such user.</summary>
    public async Task<bool> SetAllowanceAsync(string userId, int? dailyMinutes, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Users.AnyAsync(u => u.Id == userId, cancellationToken))
            return false;
        var allowance = await db.VoiceAllowances.FirstOrDefaultAsync(a => a.UserId == userId, cancellationToken);
        if (dailyMinutes is null)
        {
            if (allowance is not null)
                db.VoiceAllowances.Remove(allowance);
        }
        else if (allowance is null)
            db.VoiceAllowances.Add(new VoiceAllowance { UserId = userId, DailyMinutes = dailyMinutes.Value, UpdatedAt = clock.GetUtcNow().UtcDateTime });
        else
        {
            allowance.DailyMinutes = dailyMinutes.Value;
            allowance.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        }
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
