using VoiceSite.Data.Entities;

namespace VoiceSite.Scenarios;

/// <summary>Checks the editor's coaching fields; errors keyed like the form (<c>Rubric[1].Weight</c>).</summary>
public static class ScenarioCoachingValidator
{
    public const int MaxDifficulties = 8;
    public const int MaxCriteria = 12;
    public const int MinWeight = 1;
    public const int MaxWeight = 100;
    public const int MinSpeechMs = 40;
    public const int MaxSpeechMs = 2000;

    public static void Validate(ScenarioInput input, IReadOnlyCollection<string> knownTools, Action<string, string> error)
    {
        Length(nameof(input.Briefing), input.Briefing, 4000, error);
        Length(nameof(input.Objective), input.Objective, 1000, error);
        Length(nameof(input.PersonaName), input.PersonaName, 80, error);
        Length(nameof(input.PersonaRole), input.PersonaRole, 200, error);
        Length(nameof(input.PersonaManner), input.PersonaManner, 500, error);
        Length(nameof(input.PersonaConcerns), input.PersonaConcerns, 1000, error);
        Length(nameof(input.OpeningLine), input.OpeningLine, 1000, error);

        if (!Enum.IsDefined(input.NoiseReduction))
            error(nameof(input.NoiseReduction), "Choose off, near field or far field.");
        if (!Enum.IsDefined(input.Eagerness))
            error(nameof(input.Eagerness), "Choose auto, low, medium or high.");
        if (input.MinSpeechMs is < MinSpeechMs or > MaxSpeechMs)
            error(nameof(input.MinSpeechMs), $"Use {MinSpeechMs} to {MaxSpeechMs} ms.");
        if (input.PassMark is < 0 or > 100)
            error(nameof(input.PassMark), "Use a pass mark from 0 to 100.");

        foreach (var tool in input.EnabledTools.Where(t => !knownTools.Contains(t)))
            error(nameof(input.EnabledTools), $"There is no tool called \"{tool}\".");
        if (input.EnabledTools.Contains("end_roleplay") && string.IsNullOrWhiteSpace(input.Objective))
            error(nameof(input.Objective), "Write the objective: the AI can only end the role-play when it knows what the learner is trying to do.");

        ValidateDifficulties(input, error);
        ValidateRubric(input, error);
        ValidatePlaceholders(input, error);
    }

    private static void ValidateDifficulties(ScenarioInput input, Action<string, string> error)
    {
        if (input.Difficulties.Count > MaxDifficulties)
            error(nameof(input.Difficulties), $"Use at most {MaxDifficulties} difficulty levels.");
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < input.Difficulties.Count; i++)
        {
            var level = input.Difficulties[i];
            var prefix = $"{nameof(input.Difficulties)}[{i}]";
            if (string.IsNullOrWhiteSpace(level.Name))
                error($"{prefix}.Name", "Give the level a name, such as easy or hard.");
            else if (level.Name.Length > 60)
                error($"{prefix}.Name", "Use at most 60 characters.");
            else if (!names.Add(level.Name))
                error($"{prefix}.Name", $"Another level is already called \"{level.Name}\".");
            Length($"{prefix}.Instructions", level.Instructions, 4000, error);
        }
        if (input.DefaultDifficulty is { } d && (d < 0 || d >= input.Difficulties.Count))
            error(nameof(input.DefaultDifficulty), "Choose the preselected level from the list.");
    }

    private static void ValidateRubric(ScenarioInput input, Action<string, string> error)
    {
        if (input.Rubric.Count > MaxCriteria)
            error(nameof(input.Rubric), $"Use at most {MaxCriteria} criteria.");
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < input.Rubric.Count; i++)
        {
            var criterion = input.Rubric[i];
            var prefix = $"{nameof(input.Rubric)}[{i}]";
            if (string.IsNullOrWhiteSpace(criterion.Name))
                error($"{prefix}.Name", "Name the criterion, such as \"Asks open questions\".");
            else if (criterion.Name.Length > 120)
                error($"{prefix}.Name", "Use at most 120 characters.");
            else if (!names.Add(criterion.Name))
                error($"{prefix}.Name", $"Another criterion is already called \"{criterion.Name}\".");
            Description($"{prefix}.Good", criterion.Good, "good", error);
            Description($"{prefix}.Fair", criterion.Fair, "fair", error);
            Description($"{prefix}.Poor", criterion.Poor, "poor", error);
            if (criterion.Weight is < MinWeight or > MaxWeight)
                error($"{prefix}.Weight", $"Use a whole-number weight from {MinWeight} to {MaxWeight}.");
        }
    }

    private static void ValidatePlaceholders(ScenarioInput input, Action<string, string> error)
    {
        var known = input.Parameters.Where(p => InstructionsTemplate.IsValidKey(p.Key)).Select(p => p.Key!)
            .Concat(CoachingPlaceholders.Reserved(input.Difficulties.Count > 0)).ToList();
        void Check(string field, string? text, string what)
        {
            var unknown = InstructionsTemplate.Check(text, known).UnknownPlaceholders;
            if (unknown.Count > 0)
                error(field, $"The {what} uses {string.Join(", ", unknown.Select(p => $"{{{{{p}}}}}"))}, which no parameter or scenario field fills in.");
        }
        Check(nameof(input.OpeningLine), input.OpeningLine, "opening line");
        Check(nameof(input.Briefing), input.Briefing, "briefing");
        for (var i = 0; i < input.Difficulties.Count; i++)
            Check($"{nameof(input.Difficulties)}[{i}].Instructions", input.Difficulties[i].Instructions, "level's instructions");

        // A persona placeholder must have something to say.
        var used = new[] { input.InstructionsTemplate, input.OpeningLine, input.Briefing }
            .SelectMany(InstructionsTemplate.Placeholders).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var persona = input.Persona;
        (string Key, string Value, string Field)[] fields =
        [
            (CoachingPlaceholders.PersonaName, persona.Name, nameof(input.PersonaName)),
            (CoachingPlaceholders.PersonaRole, persona.Role, nameof(input.PersonaRole)),
            (CoachingPlaceholders.PersonaManner, persona.Manner, nameof(input.PersonaManner)),
            (CoachingPlaceholders.PersonaConcerns, persona.Concerns, nameof(input.PersonaConcerns)),
            (CoachingPlaceholders.Objective, input.Objective ?? "", nameof(input.Objective)),
        ];
        foreach (var (key, value, field) in fields)
        {
            if (used.Contains(key) && string.IsNullOrWhiteSpace(value))
                error(field, $"{{{{{key}}}}} is used, so fill this in.");
        }
    }

    private static void Description(string field, string? text, string level, Action<string, string> error)
    {
        if (string.IsNullOrWhiteSpace(text))
            error(field, $"Describe what {level} looks like.");
        else
            Length(field, text, 1000, error);
    }

    private static void Length(string field, string? text, int max, Action<string, string> error)
    {
        if (text?.Length > max)
            error(field, $"Use at most {max:N0} characters.");
    }
}
