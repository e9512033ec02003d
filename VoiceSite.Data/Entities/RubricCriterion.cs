namespace VoiceSite.Data.Entities;

/// <summary>One line of a scenario's rubric: what good, fair and poor look like, and how much it counts.</summary>
public sealed class RubricCriterion
{
    public int Id { get; set; }
    public int ScenarioId { get; set; }
    public Scenario? Scenario { get; set; }

    public required string Name { get; set; }
    public string Good { get; set; } = "";
    public string Fair { get; set; } = "";
    public string Poor { get; set; } = "";

    /// <summary>Relative weight in the overall score (positive).</summary>
    public int Weight { get; set; } = 1;
    public int Position { get; set; }
}
