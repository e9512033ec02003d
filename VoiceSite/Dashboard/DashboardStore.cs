using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VoiceSite.Data;
using VoiceSite.Data.Entities;

namespace VoiceSite.Dashboard;

/// <summary>
/// The admin dashboard's figures, read from what the database keeps: the turns (mode, role, start, latency figures,
/// tokens, speech billed; scenario through the conversation), the conversations' scoring tokens, the daily voice use and the hourly upstream error counts. Every query is
/// a plain filter, group or bounded read that SQLite and SQL Server both run; percentiles are computed here, in memory,
/// over at most <see cref="MaxLatencySamples"/> turns per measure, mode and window.
/// </summary>
public sealed class DashboardStore(IDbContextFactory<AppDbContext> contexts, IOptionsMonitor<PricingOptions> pricing, TimeProvider clock)
{
    /// <summary>
    /// Most turns read for one percentile (one measure, one mode, one window): the most recent ones. A busier window is
    /// summarised by its latest this many turns (the page says so), which keeps the page's cost fixed however busy the site is.
    /// </summary>
    public const int MaxLatencySamples = 5_000;

    public static readonly IReadOnlyList<int> Periods = [7, 14, 30];

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>Voice sessions live now on every replica, by mode: the live-session places not lapsed.</summary>
    public async Task<LiveSessionsNow> LiveNowAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var byMode = await db.VoiceSessionLeases.AsNoTracking().Where(l => l.ExpiresAt > now)
            .GroupBy(l => l.Mode).Select(g => new { Mode = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Mode, g => g.Count, cancellationToken);
        return new LiveSessionsNow(byMode.GetValueOrDefault(VoiceMode.Realtime), byMode.GetValueOrDefault(VoiceMode.Pipeline));
    }

    public async Task<DashboardFigures> GetAsync(int days, CancellationToken cancellationToken = default)
    {
        var firstDay = Today.AddDays(1 - days);
        var from = firstDay.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var errorHours = await DashboardQueries.ErrorHours(db, from).ToListAsync(cancellationToken);
        var perDay = await PerDayAsync(db, firstDay, from, days, errorHours, cancellationToken);
        var lastDay = await LatencyAsync(db, now.AddDays(-1), cancellationToken);
        var lastWeek = await LatencyAsync(db, now.AddDays(-7), cancellationToken);
        var costs = await CostsAsync(db, from, cancellationToken);
        var errors = errorHours.GroupBy(e => (e.Service, e.Code))
            .Select(g => new ErrorCount(g.Key.Service, g.Key.Code, g.Sum(e => e.Count)))
            .OrderByDescending(e => e.Count).ThenBy(e => e.Service, StringComparer.Ordinal).ThenBy(e => e.Code, StringComparer.Ordinal).ToList();
        return new DashboardFigures(days, perDay, lastDay, lastWeek, costs, errors, pricing.CurrentValue.Currency);
    }

    private static async Task<IReadOnlyList<DayFigures>> PerDayAsync(AppDbContext db, DateOnly firstDay, DateTime from, int days,
        List<UpstreamErrorCount> errorHours, CancellationToken cancellationToken)
    {
        var turns = await DashboardQueries.TurnsPerDay(db, from).ToListAsync(cancellationToken);
        var seconds = (await DashboardQueries.VoiceSecondsPerDay(db, firstDay).ToListAsync(cancellationToken)).ToDictionary();
        var errors = errorHours.GroupBy(e => DateOnly.FromDateTime(e.Hour)).ToDictionary(g => g.Key, g => g.Sum(e => e.Count));
        return Enumerable.Range(0, days).Select(i =>
        {
            var day = firstDay.AddDays(i);
            var ofDay = turns.Where(t => DateOnly.FromDateTime(t.Date) == day).ToList();
            return new DayFigures(day,
                ofDay.Where(t => t.Mode == VoiceMode.Realtime).Sum(t => t.Count),
                ofDay.Where(t => t.Mode == VoiceMode.Pipeline).Sum(t => t.Count),
                ofDay.Where(t => t.Role == TurnRole.User).Sum(t => t.Count),
                seconds.GetValueOrDefault(day) / 60.0,
                errors.GetValueOrDefault(day));
        }).ToList();
    }

    /// <summary>The series the latency charts show: the end of speech to first audio in both modes, the pipeline's steps.</summary>
    public static readonly IReadOnlyList<(VoiceMode Mode, LatencyMeasure Measure)> LatencySeries =
    [
        (VoiceMode.Realtime, LatencyMeasure.Response),
        (VoiceMode.Pipeline, LatencyMeasure.Response),
        (VoiceMode.Pipeline, LatencyMeasure.SpeechToText),
        (VoiceMode.Pipeline, LatencyMeasure.ChatFirstToken),
        (VoiceMode.Pipeline, LatencyMeasure.TextToSpeechFirstByte),
    ];

    /// <summary>The percentiles of every series over the turns since <paramref name="since"/>.</summary>
    private static async Task<IReadOnlyList<LatencyFigures>> LatencyAsync(AppDbContext db, DateTime since, CancellationToken cancellationToken)
    {
        var figures = new List<LatencyFigures>();
        foreach (var (mode, measure) in LatencySeries)
        {
            var values = DashboardQueries.LatencyValues(db, mode, measure, since);
            var inWindow = await values.CountAsync(cancellationToken);
            var sample = await values.Take(MaxLatencySamples).ToListAsync(cancellationToken);
            sample.Sort();
            figures.Add(new LatencyFigures(mode, measure, sample.Count, inWindow,
                Percentiles.Shown.ToDictionary(p => p, p => Percentiles.Of(sample, p))));
        }
        return figures;
    }

    /// <summary>
    /// What each scenario was billed for and its cost (a scenario since deleted is named from its conversations' copy of
    /// the name): its turns' quantities in the period and the scoring of its conversations finished in the period.
    /// </summary>
    private async Task<IReadOnlyList<ScenarioCost>> CostsAsync(AppDbContext db, DateTime from, CancellationToken cancellationToken)
    {
        var usage = await DashboardQueries.UsagePerScenario(db, from).ToListAsync(cancellationToken);
        var scoring = await DashboardQueries.ScoringPerScenario(db, from).ToListAsync(cancellationToken);
        var ids = usage.Select(u => u.ScenarioId).Concat(scoring.Select(s => s.ScenarioId))
            .Where(id => id is not null).Select(id => id!.Value).Distinct().ToList();
        var names = await db.Scenarios.AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        string Name(int? id, string copied) => id is { } known && names.TryGetValue(known, out var name) ? name
            : copied.Length > 0 ? $"{copied} (deleted)" : "(deleted scenario)";

        var prices = pricing.CurrentValue;
        var usageOf = usage.ToLookup(u => Name(u.ScenarioId, u.ScenarioName));
        var scoringOf = scoring.ToLookup(s => Name(s.ScenarioId, s.ScenarioName));
        return usageOf.Select(g => g.Key).Union(scoringOf.Select(g => g.Key), StringComparer.Ordinal)
            .Select(scenario =>
            {
                var turns = usageOf[scenario].ToList();
                var scored = scoringOf[scenario].ToList();
                long sttMs = turns.Sum(u => u.SttAudioMs), characters = turns.Sum(u => u.TtsCharacters);
                long scoringIn = scored.Sum(s => s.Input), scoringOut = scored.Sum(s => s.Output);
                return new ScenarioCost(scenario, turns.Sum(u => u.Replies), turns.Sum(u => u.Input), turns.Sum(u => u.Output),
                    turns.Sum(u => prices.For(u.Mode).Cost(u.Input, u.Output)),
                    sttMs, prices.SpeechToTextCost(sttMs), characters, prices.TextToSpeechCost(characters),
                    scored.Sum(s => s.Conversations), scoringIn, scoringOut, prices.Scoring.Cost(scoringIn, scoringOut));
            })
            .Where(c => c.Replies > 0 || c.SttAudioMs > 0 || c.TtsCharacters > 0 || c.Scored > 0) // not a scenario of user turns alone
            .OrderByDescending(c => c.Cost).ThenBy(c => c.Scenario, StringComparer.Ordinal)
            .ToList();
    }
}
