namespace VoiceSite.Data.Entities;

/// <summary>A difficulty level the learner picks at start; its instructions are added to the scenario's.</summary>
public sealed class ScenarioDifficulty
{
    public int Id { get; set; }
    public int ScenarioId { get; set; }
    public Scenario? Scenario { get; set; }

    /// <summary>Shown to learners and available as <c>{{difficulty}}</c>, e.g. "hard".</summary>
    public required string Name { get; set; }

    /// <summary>Added to the AI's instructions at this level (<c>{{difficulty_instructions}}</c>).</summary>
    public string Instructions { get; set; } = "";

    /// <summary>Preselected on the start form.</summary>
    public bool IsDefault { get; set; }
    public int Position { get; set; }
}
