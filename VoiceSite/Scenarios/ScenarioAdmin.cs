using Microsoft.EntityFrameworkCore;
using VoiceSite.Data;
using VoiceSite.Data.Entities;

namespace VoiceSite.Scenarios;

public sealed record ScenarioListItem(int Id, string Name, bool IsPublished, DateTime UpdatedAt, int ParameterCount);

public sealed record ScenarioSummary(int Id, string Name, bool IsPublished, int ConversationCount);

public enum SaveOutcome
{
    Saved,

    /// <summary>Someone else saved the scenario after the editor was opened; nothing was written.</summary>
    Conflict,

    /// <summary>The scenario no longer exists; nothing was written.</summary>
    Deleted,
}

/// <summary>Scenario administration: list, create, update (optimistic concurrency), delete, publish.</summary>
public sealed partial class ScenarioAdmin(AppDbContext db, TimeProvider clock, ILogger<ScenarioAdmin> logger)
{
    public async Task<IReadOnlyList<ScenarioListItem>> ListAsync(CancellationToken cancellationToken = default) =>
        await db.Scenarios.AsNoTracking()
            .OrderBy(s => s.Name)
            .Select(s => new ScenarioListItem(s.Id, s.Name, s.IsPublished, s.UpdatedAt, s.Parameters.Count))
            .ToListAsync(cancellationToken);

    public Task<ScenarioListItem?> FindListItemAsync(int id, CancellationToken cancellationToken = default) =>
        db.Scenarios.AsNoTracking()
            .Where(s => s.Id == id)
            .Select(s => new ScenarioListItem(s.Id, s.Name, s.IsPublished, s.UpdatedAt, s.Parameters.Count))
            .FirstOrDefaultAsync(cancellationToken);

    public Task<ScenarioSummary?> FindSummaryAsync(int id, CancellationToken cancellationToken = default) =>
        db.Scenarios.AsNoTracking()
            .Where(s => s.Id == id)
            .Select(s => new ScenarioSummary(s.Id, s.Name, s.IsPublished, db.Conversations.Count(c => c.ScenarioId == s.Id)))
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>The editor's form for a scenario, or null when it does not exist.</summary>
    public async Task<ScenarioInput?> FindInputAsync(int id, CancellationToken cancellationToken = default)
    {
        var scenario = await db.Scenarios.AsNoTracking()
            .Include(s => s.Parameters)
            .Include(s => s.Difficulties)
            .Include(s => s.Rubric)
            .AsSplitQuery()
            .FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        return scenario is null ? null : ScenarioInput.From(scenario);
    }

    /// <summary>Creates a scenario from a validated form; returns its id.</summary>
    public async Task<int> CreateAsync(ScenarioInput input, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var scenario = new Scenario { Name = input.Name ?? "", CreatedAt = now, UpdatedAt = now, Version = Guid.NewGuid() };
        input.ApplyTo(scenario);
        ReplaceParameters(scenario, input.Parameters);
        ReplaceCoachingRows(scenario, input);
        db.Scenarios.Add(scenario);
        await db.SaveChangesAsync(cancellationToken);
        LogCreated(scenario.Id, scenario.Name);
        return scenario.Id;
    }

    /// <summary>
    /// Saves a validated form over the scenario, provided nobody saved it since the form was opened
    /// (<see cref="ScenarioInput.Version"/> is checked by the database, not only here).
    /// </summary>
    public async Task<SaveOutcome> UpdateAsync(int id, ScenarioInput input, CancellationToken cancellationToken = default)
    {
        var scenario = await db.Scenarios.Include(s => s.Parameters).Include(s => s.Difficulties).Include(s => s.Rubric)
            .AsSplitQuery().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (scenario is null)
            return SaveOutcome.Deleted;
        if (scenario.Version != input.Version)
        {
            LogConflict(id);
            return SaveOutcome.Conflict;
        }

        // The UPDATE is made conditional on the version the editor saw; a save in between makes it match no row.
        db.Entry(scenario).Property(s => s.Version).OriginalValue = input.Version;
        input.ApplyTo(scenario);
        scenario.Version = Guid.NewGuid();
        scenario.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        ReplaceParameters(scenario, input.Parameters);
        ReplaceCoachingRows(scenario, input);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || DbErrors.IsUniqueViolation(e))
        {
            // A save in between shows as no row matching the version, or (when its new parameter rows were written
            // first) as a parameter key that now exists twice; either way the whole save was rolled back.
            db.ChangeTracker.Clear();
            LogConflict(id);
            return await db.Scenarios.AnyAsync(s => s.Id == id, cancellationToken) ? SaveOutcome.Conflict : SaveOutcome.Deleted;
        }
        LogUpdated(id, scenario.Name);
        return SaveOutcome.Saved;
    }

    /// <summary>Deletes a scenario (its parameters go with it; conversations keep their snapshot). Returns false when missing.</summary>
    public async Task<bool> DeleteAsync(int id, CancellationToken cancellationToken = default)
    {
        var deleted = await db.Scenarios.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0)
            LogDeleted(id);
        return deleted > 0;
    }

    /// <summary>Publishes or unpublishes; returns the updated row, or null when missing.</summary>
    public async Task<ScenarioListItem?> SetPublishedAsync(int id, bool published, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var version = Guid.NewGuid();
        var updated = await db.Scenarios.Where(s => s.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.IsPublished, published)
            .SetProperty(x => x.UpdatedAt, now)
            .SetProperty(x => x.Version, version), cancellationToken);
        if (updated == 0)
            return null;
        LogPublished(id, published);
        return await FindListItemAsync(id, cancellationToken);
    }

    /// <summary>
    /// Makes the tracked parameter collection match the form: rows are matched by key (case-insensitively) and
    /// updated in place, new keys are added and missing ones deleted, so the unique (scenario, key) index never
    /// sees two rows with the same key on either provider.
    /// </summary>
    private void ReplaceParameters(Scenario scenario, IReadOnlyList<ParameterInput> inputs)
    {
        var existing = new Dictionary<string, ScenarioParameter>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in scenario.Parameters)
            existing.TryAdd(parameter.Key, parameter);
        var kept = new HashSet<ScenarioParameter>();
        var added = new List<ScenarioParameter>();
        for (var position = 0; position < inputs.Count; position++)
        {
            var input = inputs[position];
            if (!existing.TryGetValue(input.Key ?? "", out var parameter) || !kept.Add(parameter))
            {
                parameter = new ScenarioParameter { Key = "", Label = "" };
                added.Add(parameter);
            }
            input.ApplyTo(parameter, position);
        }
        foreach (var stale in scenario.Parameters.Where(p => !kept.Contains(p)).ToList())
        {
            scenario.Parameters.Remove(stale);
            if (db.Entry(stale).State != EntityState.Detached)
                db.ScenarioParameters.Remove(stale);
        }
        scenario.Parameters.AddRange(added);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scenario {ScenarioId} created ({Name})")]
    private partial void LogCreated(int scenarioId, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scenario {ScenarioId} updated ({Name})")]
    private partial void LogUpdated(int scenarioId, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scenario {ScenarioId} not saved: changed by someone else since the editor was opened")]
    private partial void LogConflict(int scenarioId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scenario {ScenarioId} deleted")]
    private partial void LogDeleted(int scenarioId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scenario {ScenarioId} published: {Published}")]
    private partial void LogPublished(int scenarioId, bool published);
}
