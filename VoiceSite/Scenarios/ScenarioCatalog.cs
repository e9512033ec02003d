using Microsoft.EntityFrameworkCore;
using VoiceSite.Data;
using VoiceSite.Data.Entities;

namespace VoiceSite.Scenarios;

public sealed record ScenarioCard(int Id, string Name, string Description, int ParameterCount);

/// <summary>Published scenarios, as users see them.</summary>
public sealed class ScenarioCatalog(AppDbContext db)
{
    public async Task<IReadOnlyList<ScenarioCard>> ListPublishedAsync(CancellationToken cancellationToken = default) =>
        await db.Scenarios.AsNoTracking()
            .Where(s => s.IsPublished)
            .OrderBy(s => s.Name)
            .Select(s => new ScenarioCard(s.Id, s.Name, s.Description, s.Parameters.Count))
            .ToListAsync(cancellationToken);

    /// <summary>A published scenario with its parameters, difficulty levels and rubric in order, or null (missing or unpublished).</summary>
    public Task<Scenario?> FindPublishedAsync(int id, CancellationToken cancellationToken = default) =>
        db.Scenarios.AsNoTracking()
            .Include(s => s.Parameters.OrderBy(p => p.Position))
            .Include(s => s.Difficulties.OrderBy(d => d.Position))
            .Include(s => s.Rubric.OrderBy(c => c.Position))
            .AsSplitQuery()
            .FirstOrDefaultAsync(s => s.Id == id && s.IsPublished, cancellationToken);
}
