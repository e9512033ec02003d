using VoiceSite.Data.Entities;
using VoiceSite.Scenarios;
using VoiceSite.Voice.Tools;

namespace VoiceSite.Conversations;

/// <summary>What a new conversation takes from its scenario: the composed instructions and the coaching snapshot.</summary>
public sealed record ConversationSetup(string Instructions, CoachingSnapshot Snapshot)
{
    public static ConversationSetup For(Scenario scenario, IReadOnlyDictionary<string, string> values, ScenarioDifficulty? difficulty, VoiceToolRegistry registry)
    {
        var all = new Dictionary<string, string>(values, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in CoachingPlaceholders.Values(scenario.Persona, scenario.Objective, difficulty?.Name, difficulty?.Instructions))
            all[key] = InstructionsTemplate.Render(value, values);
        var enabled = registry.Resolve(scenario.EnabledTools);
        var instructions = ConversationInstructions.Compose(scenario.InstructionsTemplate, all, difficulty?.Name, difficulty?.Instructions,
            enabled.Select(t => t.InstructionsHint));
        var snapshot = new CoachingSnapshot
        {
            Briefing = InstructionsTemplate.Render(scenario.Briefing, all),
            Objective = InstructionsTemplate.Render(scenario.Objective, all),
            OpeningLine = InstructionsTemplate.Render(scenario.OpeningLine, all),
            Persona = new ScenarioPersona
            {
                Name = scenario.Persona.Name,
                Role = scenario.Persona.Role,
                Manner = scenario.Persona.Manner,
                Concerns = scenario.Persona.Concerns,
            },
            Tools = enabled.Select(t => t.Name).ToList(),
            PassMark = scenario.PassMark,
            Rubric = scenario.Rubric.OrderBy(c => c.Position).Select(c => new RubricCriterionSnapshot
            {
                Name = c.Name, Good = c.Good, Fair = c.Fair, Poor = c.Poor, Weight = c.Weight,
            }).ToList(),
        };
        return new ConversationSetup(instructions, snapshot);
    }
}
