using VoiceSite.Coaching;
using VoiceSite.Data.Entities;
using VoiceSite.Scenarios;

namespace VoiceSite.Pages.Scenarios;

/// <summary>A scenario's briefing before the learner has filled in the form: parameters shown as their default or label.</summary>
public static class StartBriefing
{
    public static BriefingView For(Scenario scenario)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in scenario.Parameters)
            values[parameter.Key] = string.IsNullOrWhiteSpace(parameter.DefaultValue) ? $"[{parameter.Label}]" : parameter.DefaultValue;
        var level = StartDifficulty.DefaultFor(scenario);
        foreach (var (key, value) in CoachingPlaceholders.Values(scenario.Persona, scenario.Objective, level?.Name, level?.Instructions))
            values[key] = InstructionsTemplate.Render(value, values);
        return new BriefingView(
            InstructionsTemplate.Render(scenario.Briefing, values),
            InstructionsTemplate.Render(scenario.Objective, values),
            Difficulty: null,
            Folded: false);
    }
}
