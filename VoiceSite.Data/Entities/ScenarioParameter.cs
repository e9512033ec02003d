namespace VoiceSite.Data.Entities;

/// <summary>A value the user supplies when starting a conversation; fills <c>{{Key}}</c>.</summary>
public sealed class ScenarioParameter
{
    public int Id { get; set; }
    public int ScenarioId { get; set; }
    public Scenario? Scenario { get; set; }

    /// <summary>Placeholder name: letters, digits and underscores.</summary>
    public required string Key { get; set; }
    public required string Label { get; set; }
    public ParameterKind Kind { get; set; } = ParameterKind.Text;
    public string? DefaultValue { get; set; }

    /// <summary>Allowed values when <see cref="Kind"/> is <see cref="ParameterKind.Choice"/>.</summary>
    public List<string> Choices { get; set; } = [];
    public bool Required { get; set; }
    public int Position { get; set; }
}

public enum ParameterKind
{
    Text = 0,
    Number = 1,
    Choice = 2,
}
