using Microsoft.EntityFrameworkCore;
using VoiceSite.Audio;
using VoiceSite.Data;
using VoiceSite.Data.Entities;
using VoiceSite.Voice;
using VoiceSite.Voice.Tools;

namespace VoiceSite.Conversations;

/// <summary>
/// Conversation reads and turn writes for live voice sessions (singletons), through short-lived contexts.
/// </summary>
public sealed class ConversationStore(IDbContextFactory<AppDbContext> contexts, VoiceToolRegistry tools, TimeProvider clock)
{
    /// <summary>Most recent turns replayed into a new session, so a long conversation stays within the model's context.</summary>
    public const int MaxHistoryTurns = 60;

    /// <summary>The owner's conversation as a session needs it, or null when it is not theirs or does not exist.</summary>
    public async Task<ConversationSnapshot?> LoadAsync(Guid id, string ownerId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var conversation = await db.Conversations.AsNoTracking()
            .Where(c => c.Id == id && c.OwnerId == ownerId)
            .Select(c => new { c.Id, c.Instructions, c.RealtimeVoice, c.PipelineVoice, c.Scenario, c.Coaching, c.FinishedAt })
            .FirstOrDefaultAsync(cancellationToken);
        if (conversation is null)
            return null;
        var scenario = conversation.Scenario;
        var vad = scenario is null
            ? new VadSettings()
            : new VadSettings(scenario.VadThreshold, scenario.PrefixPaddingMs, scenario.SilenceDurationMs, scenario.MinSpeechMs);
        return new ConversationSnapshot(
            conversation.Id,
            conversation.Instructions,
            conversation.RealtimeVoice,
            conversation.PipelineVoice,
            scenario?.TurnDetection ?? TurnDetectionKind.ServerVad,
            vad,
            await LoadHistoryAsync(db, id, cancellationToken),
            new SessionCoaching(
                conversation.Coaching.OpeningLine,
                scenario?.NoiseReduction ?? NoiseReductionKind.Off,
                scenario?.Eagerness ?? SemanticEagerness.Auto,
                tools.Resolve(conversation.Coaching.Tools),
                conversation.FinishedAt is not null));
    }

    /// <summary>The conversation's turns so far (both modes), oldest first, up to <see cref="MaxHistoryTurns"/>.</summary>
    public async Task<IReadOnlyList<HistoryTurn>> LoadHistoryAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await LoadHistoryAsync(db, id, cancellationToken);
    }

    private static async Task<IReadOnlyList<HistoryTurn>> LoadHistoryAsync(AppDbContext db, Guid id, CancellationToken cancellationToken)
    {
        var recent = await db.Turns.AsNoTracking()
            .Where(t => t.ConversationId == id && t.Text != "" && t.Text != HeardText.NoWordsHeard && t.Role != TurnRole.Tool)
            .OrderByDescending(t => t.StartedAt).ThenByDescending(t => t.Sequence)
            .Take(MaxHistoryTurns)
            .Select(t => new HistoryTurn(t.Role, t.Text))
            .ToListAsync(cancellationToken);
        recent.Reverse();
        return recent;
    }

    /// <summary>Writers racing for the next <see cref="Turn.Sequence"/> (two tabs, two replicas) before one gives up.</summary>
    private const int SequenceAttempts = 8;

    /// <summary>
    /// Appends a finished turn and touches the conversation. Its <see cref="Turn.Sequence"/> is the next free number:
    /// the unique (conversation, sequence) index turns a race with another writer into a retry with the next number.
    /// </summary>
    public async Task AddTurnAsync(Turn turn, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var strategy = db.Database.CreateExecutionStrategy();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Read and insert in one transaction: on SQLite that is one writer's turn (SqliteWriteGate), so writers of
                // this process never collide; elsewhere the unique index still turns a collision into the retry below.
                await strategy.ExecuteAsync(async () =>
                {
                    db.ChangeTracker.Clear();
                    await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                    var last = await db.Turns.Where(t => t.ConversationId == turn.ConversationId).MaxAsync(t => (int?)t.Sequence, cancellationToken);
                    turn.Sequence = (last ?? 0) + 1;
                    db.Turns.Add(turn);
                    await db.SaveChangesAsync(cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                });
                break;
            }
            catch (DbUpdateException e) when (attempt < SequenceAttempts && DbErrors.IsUniqueViolation(e))
            {
                db.ChangeTracker.Clear();
                // The same turn stored twice is a bug to report, not a race to retry.
                if (await db.Turns.AnyAsync(t => t.Id == turn.Id, cancellationToken))
                    throw;
            }
        }
        await TouchAsync(db, turn.ConversationId, mode: null, cancellationToken);
    }

    /// <summary>Whether the conversation still exists (a session asks after a failed write).</summary>
    public async Task<bool> ExistsAsync(Guid conversationId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Conversations.AnyAsync(c => c.Id == conversationId, cancellationToken);
    }

    /// <summary>Marks a stored assistant turn as interrupted, keeping only the text the user heard.</summary>
    public async Task MarkInterruptedAsync(Guid turnId, string heardText, int? heardMs, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Turns.Where(t => t.Id == turnId).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.Interrupted, true)
            .SetProperty(t => t.Text, heardText)
            .SetProperty(t => t.DurationMs, t => heardMs ?? t.DurationMs), cancellationToken);
    }

    /// <summary>Records the mode last used.</summary>
    public async Task SetModeAsync(Guid conversationId, VoiceMode mode, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await TouchAsync(db, conversationId, mode, cancellationToken);
    }

    private async Task TouchAsync(AppDbContext db, Guid conversationId, VoiceMode? mode, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (mode is { } m)
            await db.Conversations.Where(c => c.Id == conversationId)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.UpdatedAt, now).SetProperty(c => c.Mode, m), cancellationToken);
        else
            await db.Conversations.Where(c => c.Id == conversationId)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.UpdatedAt, now), cancellationToken);
    }
}
