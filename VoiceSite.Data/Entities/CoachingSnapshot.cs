namespace VoiceSite.Data.Entities;

/// <summary>
/// The coaching side of a scenario, copied into a conversation when it starts (stored as JSON), so that later
/// edits or the scenario's deletion never change what the learner practised or how it is scored.
/// Texts are rendered (placeholders filled).
/// </summary>
public sealed class CoachingSnapshot
{
    public string Briefing { get; set; } = "";
    public string Objective { get; set; } = "";
    public string OpeningLine { get; set; } = "";
    public ScenarioPersona Persona { get; set; } = new();

    /// <summary>Server-side tools the AI may call.</summary>
    public List<string> Tools { get; set; } = [];

    public int PassMark { get; set; } = 70;
    public List<RubricCriterionSnapshot> Rubric { get; set; } = [];

    public bool HasRubric => Rubric.Count > 0;
}

public sealed class RubricCriterionSnapshot
{
    public string Name { get; set; } = "";
    public string Good { get; set; } = "";
    public string Fair { get; set; } = "";
    public string Poor { get; set; } = "";
    public int Weight { get; set; } = 1;
}
