using VoiceSite.Data.Entities;
using VoiceSite.Scenarios;

namespace VoiceSite.Pages.Scenarios;

/// <summary>The difficulty level on the start form: chosen like a choice parameter, posted as <c>Values[difficulty]</c>.</summary>
public static class StartDifficulty
{
    /// <summary>The form key (also the <c>{{difficulty}}</c> placeholder; no parameter may use it when a scenario has levels).</summary>
    public const string Field = CoachingPlaceholders.Difficulty;

    public static ScenarioDifficulty? DefaultFor(Scenario scenario) =>
        scenario.Difficulties.FirstOrDefault(d => d.IsDefault) ?? scenario.Difficulties.FirstOrDefault();

    /// <summary>The level chosen, or null (no levels, or an error recorded under <see cref="Field"/>).</summary>
    public static ScenarioDifficulty? Choose(Scenario scenario, IReadOnlyDictionary<string, string?> posted, IDictionary<string, string> errors)
    {
        if (scenario.Difficulties.Count == 0)
            return null;
        var value = (posted.TryGetValue(Field, out var raw) ? raw : null)?.Trim() ?? "";
        var level = scenario.Difficulties.FirstOrDefault(d => string.Equals(d.Name, value, StringComparison.Ordinal));
        if (level is null)
            errors[Field] = value.Length == 0
                ? "Choose a difficulty."
                : $"Choose one of: {string.Join(", ", scenario.Difficulties.Select(d => d.Name))}.";
        return level;
    }
}
