using Microsoft.EntityFrameworkCore;
using VoiceSite.Data.Entities;

namespace VoiceSite.Scenarios;

/// <summary>Saving the editor's difficulty levels and rubric rows.</summary>
public sealed partial class ScenarioAdmin
{
    private void ReplaceCoachingRows(Scenario scenario, ScenarioInput input)
    {
        // Levels are matched by name (unique per scenario, like parameter keys) so the unique index never sees a repeat.
        var levels = new Dictionary<string, ScenarioDifficulty>(StringComparer.OrdinalIgnoreCase);
        foreach (var level in scenario.Difficulties)
            levels.TryAdd(level.Name, level);
        var keptLevels = new HashSet<ScenarioDifficulty>();
        var addedLevels = new List<ScenarioDifficulty>();
        for (var i = 0; i < input.Difficulties.Count; i++)
        {
            var row = input.Difficulties[i];
            if (!levels.TryGetValue(row.Name ?? "", out var level) || !keptLevels.Add(level))
            {
                level = new ScenarioDifficulty { Name = "" };
                addedLevels.Add(level);
            }
            level.Name = row.Name ?? "";
            level.Instructions = row.Instructions ?? "";
            level.IsDefault = input.DefaultDifficulty == i;
            level.Position = i;
        }
        RemoveStale(scenario.Difficulties, keptLevels);
        scenario.Difficulties.AddRange(addedLevels);

        // Criteria have no key: the existing rows are reused in order, extra ones deleted.
        var existing = scenario.Rubric.OrderBy(c => c.Position).ThenBy(c => c.Id).ToList();
        var keptCriteria = new HashSet<RubricCriterion>();
        for (var i = 0; i < input.Rubric.Count; i++)
        {
            var row = input.Rubric[i];
            RubricCriterion criterion;
            if (i < existing.Count)
                criterion = existing[i];
            else
                scenario.Rubric.Add(criterion = new RubricCriterion { Name = "" });
            keptCriteria.Add(criterion);
            criterion.Name = row.Name ?? "";
            criterion.Good = row.Good ?? "";
            criterion.Fair = row.Fair ?? "";
            criterion.Poor = row.Poor ?? "";
            criterion.Weight = row.Weight;
            criterion.Position = i;
        }
        RemoveStale(scenario.Rubric, keptCriteria);
    }

    private void RemoveStale<T>(List<T> rows, HashSet<T> kept) where T : class
    {
        foreach (var stale in rows.Where(r => !kept.Contains(r)).ToList())
        {
            rows.Remove(stale);
            if (db.Entry(stale).State != EntityState.Detached)
                db.Remove(stale);
        }
    }
}
