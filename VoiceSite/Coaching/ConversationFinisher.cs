using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using VoiceSite.Data;
using VoiceSite.Data.Entities;
using VoiceSite.Jobs;
using VoiceSite.Voice;

namespace VoiceSite.Coaching;

public enum FinishOutcome
{
    /// <summary>This call finished it (and queued its evaluation when there is something to score).</summary>
    Finished,
    AlreadyFinished,
    NotFound,
}

/// <summary>
/// Ends a conversation (the learner's Finish control or the AI's <c>end_roleplay</c>): marks it finished and, in the
/// same transaction, queues its evaluation as a durable job when the scenario had a rubric and the learner said something.
/// </summary>
public sealed partial class ConversationFinisher(
    IDbContextFactory<AppDbContext> contexts,
    JobQueue jobs,
    TimeProvider clock,
    ILogger<ConversationFinisher> logger)
{
    /// <param name="ownerId">When given, only the owner's conversation is touched (another user's looks missing).</param>
    public async Task<FinishOutcome> FinishAsync(Guid conversationId, string? ownerId, ConversationEnder by, string? reason, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var queued = false;
        var outcome = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var mine = db.Conversations.Where(c => c.Id == conversationId && (ownerId == null || c.OwnerId == ownerId));
            var finished = await mine.Where(c => c.FinishedAt == null).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.FinishedAt, now)
                .SetProperty(c => c.FinishedBy, by)
                .SetProperty(c => c.FinishReason, reason)
                .SetProperty(c => c.UpdatedAt, now), cancellationToken);
            if (finished == 0)
                return await mine.AnyAsync(cancellationToken) ? FinishOutcome.AlreadyFinished : FinishOutcome.NotFound;

            queued = await QueueEvaluationAsync(db, conversationId, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return FinishOutcome.Finished;
        });
        if (outcome == FinishOutcome.Finished)
        {
            if (queued)
                jobs.Notify();
            LogFinished(conversationId, by.ToString(), queued);
        }
        return outcome;
    }

    private async Task<bool> QueueEvaluationAsync(AppDbContext db, Guid conversationId, CancellationToken cancellationToken)
    {
        var coaching = await db.Conversations.Where(c => c.Id == conversationId).Select(c => c.Coaching).FirstAsync(cancellationToken);
        var learnerSpoke = await db.Turns.AnyAsync(t => t.ConversationId == conversationId && t.Role == TurnRole.User && t.Text != "" && t.Text != TurnWriter.NotTranscribed, cancellationToken);
        if (!coaching.HasRubric || !learnerSpoke)
            return false;
        var key = EvaluationJob.KeyFor(conversationId);
        if (await db.BackgroundJobs.AnyAsync(j => j.Key == key, cancellationToken))
            return false;
        db.BackgroundJobs.Add(jobs.New(EvaluationJob.Kind, key, JsonSerializer.Serialize(new EvaluationJobPayload(conversationId))));
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {ConversationId} finished by {By}; evaluation queued {Queued}")]
    private partial void LogFinished(Guid conversationId, string by, bool queued);
}

public sealed record EvaluationJobPayload(Guid ConversationId);
