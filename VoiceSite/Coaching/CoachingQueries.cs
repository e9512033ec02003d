using Microsoft.EntityFrameworkCore;
using VoiceSite.Data;
using VoiceSite.Data.Entities;
using VoiceSite.Jobs;

namespace VoiceSite.Coaching;

/// <summary>One evaluated attempt on a learner's progress chart.</summary>
public sealed record AttemptPoint(Guid ConversationId, DateTime At, int Score, bool Passed, string? Difficulty);

/// <summary>A learner's attempts at one scenario, oldest first.</summary>
public sealed record ProgressView(int ScenarioId, string ScenarioName, int PassMark, IReadOnlyList<AttemptPoint> Attempts, int UnscoredAttempts);

/// <summary>
/// Reads for the feedback, progress and trainers' pages. Learners' reads are scoped to the owner (another user's
/// conversation looks missing); administrators' reads pass no owner.
/// </summary>
public sealed class CoachingQueries(AppDbContext db, JobQueue jobs)
{
    /// <param name="ownerId">The learner's id, or null for an administrator's read-only view.</param>
    public async Task<FeedbackView?> FeedbackAsync(Guid id, string? ownerId, CancellationToken cancellationToken = default)
    {
        var row = await db.Conversations.AsNoTracking()
            .Where(c => c.Id == id && (ownerId == null || c.OwnerId == ownerId))
            .Select(c => new { Conversation = c, OwnerEmail = c.Owner!.Email })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
            return null;
        var conversation = row.Conversation;
        // The job before the evaluation: a job that finishes between the two reads is then seen running (the page polls
        // again), never done without its evaluation (which read as "nothing to score" and stopped the polling).
        var job = await jobs.FindAsync(EvaluationJob.KeyFor(id), cancellationToken);
        var evaluation = await db.Evaluations.AsNoTracking()
            .Include(e => e.Criteria.OrderBy(c => c.Position)).ThenInclude(c => c.Evidence.OrderBy(e => e.Position))
            .Include(e => e.Notes.OrderBy(n => n.Position))
            .AsSplitQuery()
            .FirstOrDefaultAsync(e => e.ConversationId == id, cancellationToken);
        var transcript = await db.Turns.AsNoTracking().Where(t => t.ConversationId == id)
            .OrderBy(t => t.StartedAt).ThenBy(t => t.Sequence).ToListAsync(cancellationToken);

        var (state, error) = (conversation.FinishedAt, evaluation, job) switch
        {
            (null, _, _) => (FeedbackState.NotFinished, null),
            (_, not null, _) => (FeedbackState.Done, null),
            (_, null, { State: JobState.Running }) => (FeedbackState.Running, null),
            (_, null, { State: JobState.Queued } queued) => (FeedbackState.Waiting, queued.LastError),
            (_, null, { State: JobState.Failed } failed) => (FeedbackState.Failed, failed.LastError),
            _ when !conversation.Coaching.HasRubric => (FeedbackState.NoRubric, (string?)null),
            _ => (FeedbackState.NothingToScore, null),
        };
        var coaching = conversation.Coaching;
        return new FeedbackView(conversation.Id, conversation.Title, conversation.ScenarioName, conversation.ScenarioId, row.OwnerEmail ?? "",
            conversation.Difficulty, conversation.CreatedAt, conversation.FinishedAt, conversation.FinishedBy, conversation.FinishReason,
            new BriefingView(coaching.Briefing, coaching.Objective, conversation.Difficulty, Folded: true),
            coaching.PassMark, state, error, evaluation, transcript);
    }

    /// <summary>The learner's attempts at a scenario (while it exists), or null when there is no such scenario.</summary>
    public async Task<ProgressView?> ProgressAsync(int scenarioId, string ownerId, CancellationToken cancellationToken = default)
    {
        var scenario = await db.Scenarios.AsNoTracking().Where(s => s.Id == scenarioId)
            .Select(s => new { s.Id, s.Name, s.PassMark, s.IsPublished }).FirstOrDefaultAsync(cancellationToken);
        if (scenario is null)
            return null;
        var attempts = await db.Conversations.AsNoTracking()
            .Where(c => c.ScenarioId == scenarioId && c.OwnerId == ownerId)
            .OrderBy(c => c.CreatedAt)
            .Select(c => new { c.Id, c.CreatedAt, c.Difficulty, Score = (int?)c.Evaluation!.Score, Passed = (bool?)c.Evaluation.Passed })
            .ToListAsync(cancellationToken);
        if (attempts.Count == 0 && !scenario.IsPublished)
            return null;
        var points = attempts.Where(a => a.Score is not null)
            .Select(a => new AttemptPoint(a.Id, a.CreatedAt, a.Score!.Value, a.Passed!.Value, a.Difficulty)).ToList();
        return new ProgressView(scenario.Id, scenario.Name, scenario.PassMark, points, attempts.Count - points.Count);
    }
}
