namespace VoiceSite.Scenarios;

/// <summary>A part of the AI's instructions: the rendered template, or something the scenario adds after it.</summary>
public sealed record InstructionsPart(string Text, bool Added);

/// <summary>
/// The instructions a conversation gives the AI: the scenario's template with parameters, persona, objective and
/// difficulty filled in; then the chosen difficulty's own instructions (unless the template placed them with
/// <c>{{difficulty_instructions}}</c>); then what each enabled tool asks the AI to know.
/// </summary>
public static class ConversationInstructions
{
    public static string Compose(string? template, IReadOnlyDictionary<string, string> values, string? difficulty,
        string? difficultyInstructions, IEnumerable<string?> toolHints) =>
        string.Concat(Additions(template, values, difficulty, difficultyInstructions, toolHints)
            .Prepend(new InstructionsPart(InstructionsTemplate.Render(template, values), false))
            .Select(p => p.Text));

    /// <summary>What is added after the rendered template, each part starting with a blank line.</summary>
    public static IReadOnlyList<InstructionsPart> Additions(string? template, IReadOnlyDictionary<string, string> values, string? difficulty,
        string? difficultyInstructions, IEnumerable<string?> toolHints)
    {
        var parts = new List<InstructionsPart>();
        var placed = InstructionsTemplate.Placeholders(template).Contains(CoachingPlaceholders.DifficultyInstructions, StringComparer.OrdinalIgnoreCase);
        if (!placed && !string.IsNullOrWhiteSpace(difficulty) && !string.IsNullOrWhiteSpace(difficultyInstructions))
            parts.Add(new InstructionsPart($"\n\nDifficulty: {difficulty}. {InstructionsTemplate.Render(difficultyInstructions.Trim(), values)}", true));
        foreach (var hint in toolHints)
        {
            if (!string.IsNullOrWhiteSpace(hint))
                parts.Add(new InstructionsPart("\n\n" + InstructionsTemplate.Render(hint, values), true));
        }
        return parts;
    }
}
