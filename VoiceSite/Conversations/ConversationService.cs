using Microsoft.EntityFrameworkCore;
using VoiceSite.Data;
using VoiceSite.Data.Entities;
using VoiceSite.Recordings;
using VoiceSite.Scenarios;
using VoiceSite.Voice.Tools;

namespace VoiceSite.Conversations;

/// <param name="Score">The evaluation's overall score, when there is one.</param>
public sealed record ConversationListItem(Guid Id, string Title, string ScenarioName, DateTime CreatedAt, DateTime UpdatedAt, int TurnCount,
    bool Finished = false, int? Score = null, bool? Passed = null);

public sealed record ParameterValueView(string Label, string Value);

public sealed record ConversationDetails(
    Guid Id,
    string Title,
    string ScenarioName,
    string Instructions,
    IReadOnlyList<ParameterValueView> Parameters,
    string RealtimeVoice,
    string PipelineVoice,
    VoiceMode Mode,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int? ScenarioId = null,
    string? Difficulty = null,
    CoachingSnapshot? Coaching = null,
    DateTime? FinishedAt = null,
    string? FinishReason = null);

/// <summary>What a user chose on a scenario's start form (already validated).</summary>
/// <param name="Difficulty">The chosen level (null when the scenario has none).</param>
public sealed record StartConversation(string OwnerId, Scenario Scenario, IReadOnlyDictionary<string, string> Values, string RealtimeVoice, string PipelineVoice,
    ScenarioDifficulty? Difficulty = null);

/// <summary>
/// A user's conversations. Every read and write is scoped to the owner: another user's conversation
/// looks exactly like one that does not exist.
/// </summary>
public sealed partial class ConversationService(AppDbContext db, RecordingCatalog recordings, VoiceToolRegistry tools, TimeProvider clock, ILogger<ConversationService> logger)
{
    public async Task<IReadOnlyList<ConversationListItem>> ListAsync(string ownerId, CancellationToken cancellationToken = default) =>
        await db.Conversations.AsNoTracking()
            .Where(c => c.OwnerId == ownerId)
            .OrderByDescending(c => c.UpdatedAt)
            .Select(c => new ConversationListItem(c.Id, c.Title, c.ScenarioName, c.CreatedAt, c.UpdatedAt, c.Turns.Count(t => t.Role != TurnRole.Tool),
                c.FinishedAt != null, c.Evaluation != null ? c.Evaluation.Score : null, c.Evaluation != null ? c.Evaluation.Passed : null))
            .ToListAsync(cancellationToken);

    public async Task<ConversationDetails?> FindAsync(Guid id, string ownerId, CancellationToken cancellationToken = default)
    {
        var conversation = await db.Conversations.AsNoTracking()
            .FirstOrDefaultAsync(c => c.Id == id && c.OwnerId == ownerId, cancellationToken);
        if (conversation is null)
            return null;

        // Labels come from the scenario while it exists; the stored values are keyed by parameter key.
        var parameters = conversation.ScenarioId is { } scenarioId
            ? await db.ScenarioParameters.AsNoTracking().Where(p => p.ScenarioId == scenarioId).OrderBy(p => p.Position).ToListAsync(cancellationToken)
            : [];
        var labels = parameters.GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Label, StringComparer.Ordinal);
        var order = parameters.Select((p, i) => (p.Key, i)).GroupBy(x => x.Key).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
        var values = conversation.ParameterValues
            .OrderBy(kv => order.TryGetValue(kv.Key, out var i) ? i : int.MaxValue)
            .ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new ParameterValueView(labels.TryGetValue(kv.Key, out var label) ? label : kv.Key, kv.Value))
            .ToList();

        return new ConversationDetails(conversation.Id, conversation.Title, conversation.ScenarioName, conversation.Instructions, values,
            conversation.RealtimeVoice, conversation.PipelineVoice, conversation.Mode, conversation.CreatedAt, conversation.UpdatedAt,
            conversation.ScenarioId, conversation.Difficulty, conversation.Coaching, conversation.FinishedAt, conversation.FinishReason);
    }

    /// <summary>The turns in spoken order, or null when the conversation is not the owner's.</summary>
    public async Task<IReadOnlyList<Turn>?> FindTranscriptAsync(Guid id, string ownerId, CancellationToken cancellationToken = default)
    {
        if (!await db.Conversations.AnyAsync(c => c.Id == id && c.OwnerId == ownerId, cancellationToken))
            return null;
        return await db.Turns.AsNoTracking()
            .Where(t => t.ConversationId == id)
            .OrderBy(t => t.StartedAt).ThenBy(t => t.Sequence)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Deletes the owner's conversation, its turns and its recordings; false when it is not the owner's.</summary>
    public async Task<bool> DeleteAsync(Guid id, string ownerId, CancellationToken cancellationToken = default)
    {
        if (!await db.Conversations.AnyAsync(c => c.Id == id && c.OwnerId == ownerId, cancellationToken))
            return false;
        await recordings.DeleteForConversationAsync(id, cancellationToken); // the audio first: none outlives its conversation
        var deleted = await db.Conversations.Where(c => c.Id == id && c.OwnerId == ownerId).ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0)
            LogDeleted(id);
        return deleted > 0;
    }

    /// <summary>Records the voice mode the owner chose; false when the conversation is not theirs.</summary>
    public async Task<bool> SetModeAsync(Guid id, string ownerId, VoiceMode mode, CancellationToken cancellationToken = default) =>
        await db.Conversations.Where(c => c.Id == id && c.OwnerId == ownerId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Mode, mode), cancellationToken) > 0;

    /// <summary>Creates the conversation with the instructions rendered now, so later scenario edits do not change it.</summary>
    public async Task<Guid> StartAsync(StartConversation request, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var scenario = request.Scenario;
        var setup = ConversationSetup.For(scenario, request.Values, request.Difficulty, tools);
        var conversation = new Conversation
        {
            OwnerId = request.OwnerId,
            ScenarioId = scenario.Id,
            ScenarioName = scenario.Name,
            Title = ConversationTitle.For(scenario, request.Values, now),
            Instructions = setup.Instructions,
            Difficulty = request.Difficulty?.Name,
            Coaching = setup.Snapshot,
            ParameterValues = new Dictionary<string, string>(request.Values, StringComparer.Ordinal),
            RealtimeVoice = request.RealtimeVoice,
            PipelineVoice = request.PipelineVoice,
            Mode = VoiceMode.Realtime,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Conversations.Add(conversation);
        await db.SaveChangesAsync(cancellationToken);
        LogStarted(conversation.Id, scenario.Id);
        return conversation.Id;
    }

    /// <summary>
    /// A new conversation like the owner's <paramref name="id"/>: same scenario, parameter values, difficulty and voices.
    /// Null when the conversation is not theirs, or its scenario is gone or unpublished or its values no longer fit it.
    /// </summary>
    public async Task<Guid?> PractiseAgainAsync(Guid id, string ownerId, CancellationToken cancellationToken = default)
    {
        var previous = await db.Conversations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.OwnerId == ownerId, cancellationToken);
        if (previous?.ScenarioId is not { } scenarioId)
            return null;
        var scenario = await new ScenarioCatalog(db).FindPublishedAsync(scenarioId, cancellationToken);
        if (scenario is null)
            return null;
        var values = ParameterRules.Validate(scenario.Parameters, previous.ParameterValues.ToDictionary(kv => kv.Key, kv => (string?)kv.Value));
        if (!values.IsValid)
            return null;
        var difficulty = scenario.Difficulties.FirstOrDefault(d => d.Name == previous.Difficulty)
            ?? scenario.Difficulties.FirstOrDefault(d => d.IsDefault) ?? scenario.Difficulties.FirstOrDefault();
        return await StartAsync(new StartConversation(ownerId, scenario, values.Values, previous.RealtimeVoice, previous.PipelineVoice, difficulty), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {ConversationId} started from scenario {ScenarioId}")]
    private partial void LogStarted(Guid conversationId, int scenarioId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {ConversationId} deleted by its owner")]
    private partial void LogDeleted(Guid conversationId);
}
