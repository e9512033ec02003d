using Microsoft.EntityFrameworkCore;
using VoiceSite.Data;
using VoiceSite.Data.Entities;

namespace VoiceSite.Dashboard;

/// <summary>Turns of one day, mode and role (a row of <see cref="DashboardQueries.TurnsPerDay"/>).</summary>
public sealed record TurnsOfDay(DateTime Date, VoiceMode Mode, TurnRole Role, int Count);

/// <summary>
/// The billed quantities of one scenario's turns (or its copied name, once deleted) in one mode: replies' tokens, audio
/// sent to speech to text (user turns) and characters to text to speech (replies).
/// </summary>
public sealed record ScenarioUsage(int? ScenarioId, string ScenarioName, VoiceMode Mode, long Input, long Output, int Replies, long SttAudioMs, long TtsCharacters);

/// <summary>Scoring tokens of one scenario's conversations (or its copied name, once deleted).</summary>
public sealed record ScenarioScoring(int? ScenarioId, string ScenarioName, long Input, long Output, int Conversations);

/// <summary>
/// The dashboard's database queries, each a filter, group or bounded read that both providers translate (a test renders
/// each for SQL Server as well as running it on SQLite).
/// </summary>
public static class DashboardQueries
{
    /// <summary>User and assistant turns (not the tool calls stored as turns) per UTC day, mode and role.</summary>
    public static IQueryable<TurnsOfDay> TurnsPerDay(AppDbContext db, DateTime from) =>
        db.Turns.AsNoTracking().Where(t => t.StartedAt >= from && t.Role != TurnRole.Tool)
            .GroupBy(t => new { t.StartedAt.Date, t.Mode, t.Role })
            .Select(g => new TurnsOfDay(g.Key.Date, g.Key.Mode, g.Key.Role, g.Count()));

    public static IQueryable<KeyValuePair<DateOnly, double>> VoiceSecondsPerDay(AppDbContext db, DateOnly firstDay) =>
        db.VoiceUsage.AsNoTracking().Where(u => u.Day >= firstDay)
            .GroupBy(u => u.Day)
            .Select(g => new KeyValuePair<DateOnly, double>(g.Key, g.Sum(u => u.Seconds)));

    /// <summary>The hourly error rows since <paramref name="from"/>: at most days x 24 x services x codes.</summary>
    public static IQueryable<UpstreamErrorCount> ErrorHours(AppDbContext db, DateTime from) =>
        db.UpstreamErrorCounts.AsNoTracking().Where(e => e.Hour >= from);

    /// <summary>A latency measure's values in one mode since <paramref name="since"/>, most recent turn first.</summary>
    public static IQueryable<int> LatencyValues(AppDbContext db, VoiceMode mode, LatencyMeasure measure, DateTime since)
    {
        var turns = db.Turns.AsNoTracking().Where(t => t.Mode == mode && t.StartedAt >= since).OrderByDescending(t => t.StartedAt);
        var values = measure switch
        {
            LatencyMeasure.Response => turns.Select(t => t.ResponseLatencyMs),
            LatencyMeasure.SpeechToText => turns.Select(t => t.SttLatencyMs),
            LatencyMeasure.ChatFirstToken => turns.Select(t => t.ChatFirstTokenMs),
            LatencyMeasure.TextToSpeechFirstByte => turns.Select(t => t.TtsFirstByteMs),
            _ => throw new ArgumentOutOfRangeException(nameof(measure)),
        };
        return values.Where(v => v != null).Select(v => v!.Value);
    }

    /// <summary>The billed quantities of the user and assistant turns since <paramref name="from"/> per scenario and mode.</summary>
    public static IQueryable<ScenarioUsage> UsagePerScenario(AppDbContext db, DateTime from) =>
        db.Turns.AsNoTracking()
            .Where(t => t.StartedAt >= from && t.Role != TurnRole.Tool)
            .GroupBy(t => new { t.Conversation!.ScenarioId, t.Conversation.ScenarioName, t.Mode })
            .Select(g => new ScenarioUsage(g.Key.ScenarioId, g.Key.ScenarioName, g.Key.Mode,
                g.Sum(t => (long)(t.InputTokens ?? 0)), g.Sum(t => (long)(t.OutputTokens ?? 0)), g.Count(t => t.Role == TurnRole.Assistant),
                g.Sum(t => (long)(t.SttAudioMs ?? 0)), g.Sum(t => (long)(t.TtsCharacters ?? 0))));

    /// <summary>
    /// Scoring tokens of the conversations finished since <paramref name="from"/> (they are scored once finished), per
    /// scenario; conversations never scored are left out.
    /// </summary>
    public static IQueryable<ScenarioScoring> ScoringPerScenario(AppDbContext db, DateTime from) =>
        db.Conversations.AsNoTracking()
            .Where(c => c.FinishedAt >= from && (c.ScoringInputTokens > 0 || c.ScoringOutputTokens > 0))
            .GroupBy(c => new { c.ScenarioId, c.ScenarioName })
            .Select(g => new ScenarioScoring(g.Key.ScenarioId, g.Key.ScenarioName,
                g.Sum(c => (long)c.ScoringInputTokens), g.Sum(c => (long)c.ScoringOutputTokens), g.Count()));
}
