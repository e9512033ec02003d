namespace VoiceSite.Data.Entities;

/// <summary>A role-play scenario written by an administrator.</summary>
public sealed class Scenario
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";

    /// <summary>Instructions for the model, with <c>{{parameter}}</c> placeholders.</summary>
    public string InstructionsTemplate { get; set; } = "";

    /// <summary>Default voice in realtime mode (alloy, ash, ballad, coral, echo, sage, shimmer, verse, marin, cedar).</summary>
    public string RealtimeVoice { get; set; } = "alloy";

    /// <summary>Default Azure neural voice in pipeline mode.</summary>
    public string PipelineVoice { get; set; } = "en-US-AvaMultilingualNeural";

    public TurnDetectionKind TurnDetection { get; set; } = TurnDetectionKind.ServerVad;

    /// <summary>Voice activity threshold, 0..1 (server VAD and pipeline VAD).</summary>
    public double VadThreshold { get; set; } = 0.5;

    /// <summary>Audio kept before detected speech start, in milliseconds.</summary>
    public int PrefixPaddingMs { get; set; } = 300;

    /// <summary>Silence that ends a user turn, in milliseconds.</summary>
    public int SilenceDurationMs { get; set; } = 500;

    public bool IsPublished { get; set; }

    /// <summary>Voice sessions of this scenario's conversations are recorded (both voices); the talk page says so.</summary>
    public bool RecordingEnabled { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency token; replaced on every save.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();

    public List<ScenarioParameter> Parameters { get; } = [];
}

public enum TurnDetectionKind
{
    ServerVad = 0,
    SemanticVad = 1,
}
