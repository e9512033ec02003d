using Microsoft.EntityFrameworkCore;
using VoiceSite.Data;
using VoiceSite.Data.Entities;

namespace VoiceSite.Coaching;

/// <summary>Stores a checked evaluation, replacing any earlier one of the conversation (so a job run twice stores one).</summary>
public sealed class EvaluationStore(IDbContextFactory<AppDbContext> contexts, TimeProvider clock)
{
    public async Task SaveAsync(Guid conversationId, EvaluationDraft draft, string model, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Evaluations.Where(e => e.ConversationId == conversationId).ExecuteDeleteAsync(cancellationToken);
            db.Evaluations.Add(ToEntity(conversationId, draft, model, clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
    }

    private static Evaluation ToEntity(Guid conversationId, EvaluationDraft draft, string model, DateTime now)
    {
        var evaluation = new Evaluation
        {
            ConversationId = conversationId,
            Score = draft.Score,
            PassMark = draft.PassMark,
            Passed = draft.Passed,
            Summary = draft.Summary,
            Model = model.Length <= 100 ? model : model[..100],
            CreatedAt = now,
        };
        for (var i = 0; i < draft.Criteria.Count; i++)
        {
            var c = draft.Criteria[i];
            var criterion = new EvaluationCriterion { Name = c.Name, Weight = c.Weight, Score = c.Score, Comment = c.Comment, Position = i };
            criterion.Evidence.AddRange(c.Evidence.Select((e, j) => new EvaluationEvidence { TurnId = e.TurnId, Quote = e.Quote, Position = j }));
            evaluation.Criteria.Add(criterion);
        }
        var position = 0;
        foreach (var strength in draft.Strengths)
            evaluation.Notes.Add(new EvaluationNote { Kind = EvaluationNoteKind.Strength, Text = strength, Position = position++ });
        foreach (var improvement in draft.Improvements)
        {
            evaluation.Notes.Add(new EvaluationNote
            {
                Kind = EvaluationNoteKind.Improvement,
                Text = improvement.Advice,
                TurnId = improvement.TurnId,
                Quote = improvement.Quote,
                BetterPhrasing = improvement.BetterPhrasing,
                Position = position++,
            });
        }
        return evaluation;
    }
}
