using VoiceSite.Data.Entities;

namespace VoiceSite.Scenarios;

/// <summary>
/// Placeholders the scenario itself fills (besides its parameters): the persona's fields, the objective and, when the
/// scenario has difficulty levels, the chosen level's name and instructions.
/// </summary>
public static class CoachingPlaceholders
{
    public const string PersonaName = "persona_name";
    public const string PersonaRole = "persona_role";
    public const string PersonaManner = "persona_manner";
    public const string PersonaConcerns = "persona_concerns";
    public const string Objective = "objective";
    public const string Difficulty = "difficulty";
    public const string DifficultyInstructions = "difficulty_instructions";

    public static readonly IReadOnlyList<string> Persona = [PersonaName, PersonaRole, PersonaManner, PersonaConcerns];

    /// <summary>Keys no parameter may take: the persona's and the objective always, the difficulty's when there are levels.</summary>
    public static IReadOnlyList<string> Reserved(bool hasDifficulties) =>
        hasDifficulties ? [.. Persona, Objective, Difficulty, DifficultyInstructions] : [.. Persona, Objective];

    /// <summary>The values of these placeholders (empty strings for fields left blank).</summary>
    public static Dictionary<string, string> Values(ScenarioPersona persona, string? objective, string? difficulty, string? difficultyInstructions)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [PersonaName] = persona.Name,
            [PersonaRole] = persona.Role,
            [PersonaManner] = persona.Manner,
            [PersonaConcerns] = persona.Concerns,
            [Objective] = objective ?? "",
        };
        if (difficulty is not null)
        {
            values[Difficulty] = difficulty;
            values[DifficultyInstructions] = difficultyInstructions ?? "";
        }
        return values;
    }
}
