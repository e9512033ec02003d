using VoiceSite.Data.Entities;

namespace VoiceSite.Scenarios;

/// <summary>The scenario editor's form (bound as <c>Input.*</c>).</summary>
public sealed partial class ScenarioInput
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? InstructionsTemplate { get; set; }
    public string? RealtimeVoice { get; set; } = "marin";
    public string? PipelineVoice { get; set; } = "en-US-AvaMultilingualNeural";
    public TurnDetectionKind TurnDetection { get; set; } = TurnDetectionKind.ServerVad;
    public double VadThreshold { get; set; } = 0.5;
    public int PrefixPaddingMs { get; set; } = 300;
    public int SilenceDurationMs { get; set; } = 500;
    public bool IsPublished { get; set; }

    /// <summary>Voice sessions are recorded (the checkbox posts "false" after "true", so unticked means false).</summary>
    public bool RecordingEnabled { get; set; } = true;

    /// <summary>The concurrency token the editor was opened with.</summary>
    public Guid Version { get; set; }

    public List<ParameterInput> Parameters { get; set; } = [];

    public static ScenarioInput From(Scenario scenario) => new ScenarioInput
    {
        Name = scenario.Name,
        Description = scenario.Description,
        InstructionsTemplate = scenario.InstructionsTemplate,
        RealtimeVoice = scenario.RealtimeVoice,
        PipelineVoice = scenario.PipelineVoice,
        TurnDetection = scenario.TurnDetection,
        VadThreshold = scenario.VadThreshold,
        PrefixPaddingMs = scenario.PrefixPaddingMs,
        SilenceDurationMs = scenario.SilenceDurationMs,
        IsPublished = scenario.IsPublished,
        RecordingEnabled = scenario.RecordingEnabled,
        Version = scenario.Version,
        Parameters = scenario.Parameters.OrderBy(p => p.Position).Select(ParameterInput.From).ToList(),
    }.WithCoachingFrom(scenario);

    /// <summary>Trims text and drops parameter rows left entirely blank.</summary>
    public void Normalize()
    {
        Name = Name?.Trim();
        Description = Description?.Trim();
        InstructionsTemplate = InstructionsTemplate?.Trim();
        Parameters.RemoveAll(p => p.IsBlank);
        foreach (var parameter in Parameters)
        {
            parameter.Key = parameter.Key?.Trim();
            parameter.Label = parameter.Label?.Trim();
            parameter.DefaultValue = parameter.DefaultValue?.Trim();
        }
        NormalizeCoaching();
    }

    /// <summary>Copies the scenario's own fields (not parameters, not the version).</summary>
    public void ApplyTo(Scenario scenario)
    {
        scenario.Name = Name ?? "";
        scenario.Description = Description ?? "";
        scenario.InstructionsTemplate = InstructionsTemplate ?? "";
        scenario.RealtimeVoice = RealtimeVoice ?? "";
        scenario.PipelineVoice = PipelineVoice ?? "";
        scenario.TurnDetection = TurnDetection;
        scenario.VadThreshold = VadThreshold;
        scenario.PrefixPaddingMs = PrefixPaddingMs;
        scenario.SilenceDurationMs = SilenceDurationMs;
        scenario.IsPublished = IsPublished;
        scenario.RecordingEnabled = RecordingEnabled;
        ApplyCoachingTo(scenario);
    }
}

/// <summary>One row of the editor's parameter list.</summary>
public sealed class ParameterInput
{
    public string? Key { get; set; }
    public string? Label { get; set; }
    public ParameterKind Kind { get; set; } = ParameterKind.Text;
    public string? DefaultValue { get; set; }

    /// <summary>Comma- or newline-separated.</summary>
    public string? Choices { get; set; }
    public bool Required { get; set; }

    public bool IsBlank =>
        string.IsNullOrWhiteSpace(Key) && string.IsNullOrWhiteSpace(Label)
        && string.IsNullOrWhiteSpace(DefaultValue) && string.IsNullOrWhiteSpace(Choices);

    public List<string> ChoiceList => Kind == ParameterKind.Choice ? ParameterRules.ParseChoices(Choices) : [];

    public string SampleValue => ParameterRules.SampleValue(string.IsNullOrWhiteSpace(Label) ? Key ?? "" : Label, DefaultValue, ChoiceList);

    public static ParameterInput From(ScenarioParameter parameter) => new()
    {
        Key = parameter.Key,
        Label = parameter.Label,
        Kind = parameter.Kind,
        DefaultValue = parameter.DefaultValue,
        Choices = ParameterRules.FormatChoices(parameter.Choices),
        Required = parameter.Required,
    };

    public void ApplyTo(ScenarioParameter parameter, int position)
    {
        parameter.Key = Key ?? "";
        parameter.Label = Label ?? "";
        parameter.Kind = Kind;
        parameter.DefaultValue = string.IsNullOrEmpty(DefaultValue) ? null : DefaultValue;
        var choices = ChoiceList;
        if (!parameter.Choices.SequenceEqual(choices, StringComparer.Ordinal))
            parameter.Choices = choices;
        parameter.Required = Required;
        parameter.Position = position;
    }
}
