using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using VoiceSite.Data;
using VoiceSite.Data.Entities;
using VoiceSite.Jobs;

namespace VoiceSite.Coaching;

public enum AttemptResult
{
    Any,
    Passed,
    NotPassed,
    Unscored,
}

/// <summary>The trainers' filter: scenario, learner (part of the email), result, and a date range (UTC days, inclusive).</summary>
public sealed record AttemptFilter(int? ScenarioId = null, string? Learner = null, AttemptResult Result = AttemptResult.Any, DateOnly? From = null, DateOnly? To = null);

/// <summary>One attempt in the trainers' overview; <see cref="Duration"/> runs from the first turn's start to the last one's end.</summary>
public sealed record AttemptRow(
    Guid Id, DateTime StartedAt, string LearnerEmail, string ScenarioName, string? Difficulty, TimeSpan? Duration,
    ConversationEnder? FinishedBy, int? Score, bool? Passed, string Feedback);

public sealed record ScenarioOption(int Id, string Name);

/// <summary>Attempts across all learners, for administrators: filtered, newest first, and as CSV.</summary>
public sealed class AttemptsReport(AppDbContext db)
{
    /// <summary>Most rows shown or exported at once (narrow the filter for more).</summary>
    public const int Limit = 1000;

    public async Task<(IReadOnlyList<AttemptRow> Rows, bool Truncated)> ListAsync(AttemptFilter filter, CancellationToken cancellationToken = default)
    {
        var query = db.Conversations.AsNoTracking();
        if (filter.ScenarioId is { } scenarioId)
            query = query.Where(c => c.ScenarioId == scenarioId);
        if (!string.IsNullOrWhiteSpace(filter.Learner))
        {
            var learner = filter.Learner.Trim().ToUpperInvariant();
            query = query.Where(c => c.Owner!.NormalizedEmail!.Contains(learner));
        }
        if (filter.From is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(c => c.CreatedAt >= start);
        }
        if (filter.To is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(c => c.CreatedAt < end);
        }
        query = filter.Result switch
        {
            AttemptResult.Passed => query.Where(c => c.Evaluation != null && c.Evaluation.Passed),
            AttemptResult.NotPassed => query.Where(c => c.Evaluation != null && !c.Evaluation.Passed),
            AttemptResult.Unscored => query.Where(c => c.Evaluation == null),
            _ => query,
        };
        var rows = await query
            .OrderByDescending(c => c.CreatedAt)
            .Take(Limit + 1)
            .Select(c => new
            {
                c.Id, c.CreatedAt, Email = c.Owner!.Email, c.ScenarioName, c.Difficulty, c.FinishedAt, c.FinishedBy, c.Coaching,
                FirstTurn = c.Turns.Min(t => (DateTime?)t.StartedAt),
                LastTurn = c.Turns.OrderByDescending(t => t.StartedAt).Select(t => new { t.StartedAt, t.DurationMs }).FirstOrDefault(),
                Score = (int?)c.Evaluation!.Score,
                Passed = (bool?)c.Evaluation.Passed,
            })
            .ToListAsync(cancellationToken);
        var keys = rows.Select(r => EvaluationJob.KeyFor(r.Id)).ToList();
        var jobs = await db.BackgroundJobs.AsNoTracking().Where(j => keys.Contains(j.Key))
            .ToDictionaryAsync(j => j.Key, j => j.State, cancellationToken);
        JobState? JobOf(Guid id) => jobs.TryGetValue(EvaluationJob.KeyFor(id), out var state) ? state : null;
        // A job that finished after the rows were read has its evaluation stored by now (the worker stores it before it
        // marks the job done): read those again, or the row would say "nothing to score" until the next reload.
        var finishedSince = rows.Where(r => r.Score is null && JobOf(r.Id) == JobState.Done).Select(r => r.Id).ToList();
        var lateScores = finishedSince.Count == 0
            ? []
            : await db.Evaluations.AsNoTracking().Where(e => finishedSince.Contains(e.ConversationId))
                .ToDictionaryAsync(e => e.ConversationId, e => (e.Score, e.Passed), cancellationToken);
        var result = rows.Take(Limit)
            .Select(r => lateScores.TryGetValue(r.Id, out var late) ? r with { Score = late.Score, Passed = late.Passed } : r)
            .Where(r => filter.Result != AttemptResult.Unscored || r.Score is null)
            .Select(r => new AttemptRow(
                r.Id, r.CreatedAt, r.Email ?? "", r.ScenarioName, r.Difficulty,
                r.FirstTurn is { } first && r.LastTurn is { } last ? last.StartedAt.AddMilliseconds(last.DurationMs ?? 0) - first : null,
                r.FinishedBy, r.Score, r.Passed, Describe(r.Score, r.FinishedAt, r.Coaching.HasRubric, JobOf(r.Id))))
            .ToList();
        return (result, rows.Count > Limit);
    }

    public async Task<IReadOnlyList<ScenarioOption>> ScenariosAsync(CancellationToken cancellationToken = default) =>
        await db.Scenarios.AsNoTracking().OrderBy(s => s.Name).Select(s => new ScenarioOption(s.Id, s.Name)).ToListAsync(cancellationToken);

    private static string Describe(int? score, DateTime? finishedAt, bool hasRubric, JobState? job) => (score, finishedAt, job) switch
    {
        ({ }, _, _) => "scored",
        (_, null, _) => "not finished",
        (_, _, JobState.Queued) => "waiting",
        (_, _, JobState.Running) => "being scored",
        (_, _, JobState.Failed) => "failed",
        _ when !hasRubric => "no rubric",
        _ => "nothing to score",
    };

    /// <summary>The rows as CSV (RFC 4180; cells that a spreadsheet would run as a formula are prefixed with an apostrophe).</summary>
    public static string ToCsv(IEnumerable<AttemptRow> rows)
    {
        var csv = new StringBuilder();
        csv.AppendLine("Started (UTC),Learner,Scenario,Difficulty,Duration (s),Finished by,Score,Passed,Feedback,Conversation");
        foreach (var r in rows)
        {
            string[] cells =
            [
                r.StartedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                r.LearnerEmail,
                r.ScenarioName,
                r.Difficulty ?? "",
                r.Duration is { } d ? ((int)Math.Round(d.TotalSeconds)).ToString(CultureInfo.InvariantCulture) : "",
                r.FinishedBy switch { ConversationEnder.Ai => "AI", ConversationEnder.Learner => "learner", _ => "" },
                r.Score?.ToString(CultureInfo.InvariantCulture) ?? "",
                r.Passed switch { true => "yes", false => "no", _ => "" },
                r.Feedback,
                r.Id.ToString(),
            ];
            csv.AppendLine(string.Join(',', cells.Select(Cell)));
        }
        return csv.ToString();
    }

    private static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
