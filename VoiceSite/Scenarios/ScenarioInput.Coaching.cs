using VoiceSite.Data.Entities;

namespace VoiceSite.Scenarios;

/// <summary>The editor's coaching fields: briefing, persona, opening line, turn-taking, tools, difficulty levels, rubric.</summary>
public sealed partial class ScenarioInput
{
    public string? Briefing { get; set; }
    public string? Objective { get; set; }
    public string? PersonaName { get; set; }
    public string? PersonaRole { get; set; }
    public string? PersonaManner { get; set; }
    public string? PersonaConcerns { get; set; }
    public string? OpeningLine { get; set; }

    public NoiseReductionKind NoiseReduction { get; set; } = NoiseReductionKind.Off;
    public SemanticEagerness Eagerness { get; set; } = SemanticEagerness.Auto;
    public int MinSpeechMs { get; set; } = 80;

    /// <summary>Names of the enabled tools (checkboxes).</summary>
    public List<string> EnabledTools { get; set; } = [];

    public List<DifficultyInput> Difficulties { get; set; } = [];

    /// <summary>Index of the level preselected for learners (a radio button per row).</summary>
    public int? DefaultDifficulty { get; set; }

    public List<CriterionInput> Rubric { get; set; } = [];
    public int PassMark { get; set; } = 70;

    public ScenarioPersona Persona => new()
    {
        Name = PersonaName ?? "",
        Role = PersonaRole ?? "",
        Manner = PersonaManner ?? "",
        Concerns = PersonaConcerns ?? "",
    };

    /// <summary>The level to preview with: the default, else the first; null without levels.</summary>
    public DifficultyInput? PreviewDifficulty =>
        DefaultDifficulty is { } d && d >= 0 && d < Difficulties.Count ? Difficulties[d] : Difficulties.FirstOrDefault();

    private ScenarioInput WithCoachingFrom(Scenario scenario)
    {
        Briefing = scenario.Briefing;
        Objective = scenario.Objective;
        PersonaName = scenario.Persona.Name;
        PersonaRole = scenario.Persona.Role;
        PersonaManner = scenario.Persona.Manner;
        PersonaConcerns = scenario.Persona.Concerns;
        OpeningLine = scenario.OpeningLine;
        NoiseReduction = scenario.NoiseReduction;
        Eagerness = scenario.Eagerness;
        MinSpeechMs = scenario.MinSpeechMs;
        EnabledTools = [.. scenario.EnabledTools];
        var levels = scenario.Difficulties.OrderBy(d => d.Position).ToList();
        Difficulties = levels.Select(d => new DifficultyInput { Name = d.Name, Instructions = d.Instructions }).ToList();
        DefaultDifficulty = levels.FindIndex(d => d.IsDefault) is var i and >= 0 ? i : null;
        Rubric = scenario.Rubric.OrderBy(c => c.Position)
            .Select(c => new CriterionInput { Name = c.Name, Good = c.Good, Fair = c.Fair, Poor = c.Poor, Weight = c.Weight }).ToList();
        PassMark = scenario.PassMark;
        return this;
    }

    private void NormalizeCoaching()
    {
        Briefing = Briefing?.Trim();
        Objective = Objective?.Trim();
        PersonaName = PersonaName?.Trim();
        PersonaRole = PersonaRole?.Trim();
        PersonaManner = PersonaManner?.Trim();
        PersonaConcerns = PersonaConcerns?.Trim();
        OpeningLine = OpeningLine?.Trim();
        EnabledTools = EnabledTools.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).Distinct(StringComparer.Ordinal).ToList();

        // Blank rows go; the default radio follows its row.
        var defaultRow = PreviewDifficultyIsExplicit ? Difficulties[DefaultDifficulty!.Value] : null;
        Difficulties.RemoveAll(d => d.IsBlank);
        foreach (var level in Difficulties)
        {
            level.Name = level.Name?.Trim();
            level.Instructions = level.Instructions?.Trim();
        }
        DefaultDifficulty = defaultRow is not null && Difficulties.IndexOf(defaultRow) is var index and >= 0 ? index : null;

        Rubric.RemoveAll(c => c.IsBlank);
        foreach (var criterion in Rubric)
        {
            criterion.Name = criterion.Name?.Trim();
            criterion.Good = criterion.Good?.Trim();
            criterion.Fair = criterion.Fair?.Trim();
            criterion.Poor = criterion.Poor?.Trim();
        }
    }

    private bool PreviewDifficultyIsExplicit => DefaultDifficulty is { } d && d >= 0 && d < Difficulties.Count;

    private void ApplyCoachingTo(Scenario scenario)
    {
        scenario.Briefing = Briefing ?? "";
        scenario.Objective = Objective ?? "";
        scenario.Persona = Persona;
        scenario.OpeningLine = OpeningLine ?? "";
        scenario.NoiseReduction = NoiseReduction;
        scenario.Eagerness = Eagerness;
        scenario.MinSpeechMs = MinSpeechMs;
        if (!scenario.EnabledTools.SequenceEqual(EnabledTools, StringComparer.Ordinal))
            scenario.EnabledTools = [.. EnabledTools];
        scenario.PassMark = PassMark;
    }

    /// <summary>Keeps the default radio on the same row when rows move or go.</summary>
    public void MoveDifficulty(int index, int target)
    {
        (Difficulties[index], Difficulties[target]) = (Difficulties[target], Difficulties[index]);
        if (DefaultDifficulty == index)
            DefaultDifficulty = target;
        else if (DefaultDifficulty == target)
            DefaultDifficulty = index;
    }

    public void RemoveDifficulty(int index)
    {
        Difficulties.RemoveAt(index);
        if (DefaultDifficulty == index)
            DefaultDifficulty = null;
        else if (DefaultDifficulty > index)
            DefaultDifficulty--;
    }
}

/// <summary>One difficulty level row.</summary>
public sealed class DifficultyInput
{
    public string? Name { get; set; }
    public string? Instructions { get; set; }

    public bool IsBlank => string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(Instructions);
}

/// <summary>One rubric criterion row.</summary>
public sealed class CriterionInput
{
    public string? Name { get; set; }
    public string? Good { get; set; }
    public string? Fair { get; set; }
    public string? Poor { get; set; }
    public int Weight { get; set; } = 1;

    public bool IsBlank =>
        string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(Good) && string.IsNullOrWhiteSpace(Fair) && string.IsNullOrWhiteSpace(Poor);
}
