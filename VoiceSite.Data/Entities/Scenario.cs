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

    // Coaching: what the learner is there to do, who they talk to, and how they are scored.

    /// <summary>Shown to the learner before and during the conversation: the situation and who they will talk to.</summary>
    public string Briefing { get; set; } = "";

    /// <summary>What the learner is trying to achieve; also given to the evaluation.</summary>
    public string Objective { get; set; } = "";

    /// <summary>The AI's character, available to the instructions as <c>{{persona_*}}</c> placeholders.</summary>
    public ScenarioPersona Persona { get; set; } = new();

    /// <summary>When set, the AI speaks first with this line (placeholders allowed).</summary>
    public string OpeningLine { get; set; } = "";

    /// <summary>Realtime input noise reduction.</summary>
    public NoiseReductionKind NoiseReduction { get; set; } = NoiseReductionKind.Off;

    /// <summary>How soon semantic VAD decides the learner has finished (realtime, semantic VAD only).</summary>
    public SemanticEagerness Eagerness { get; set; } = SemanticEagerness.Auto;

    /// <summary>Voiced audio needed before speech counts, so a short "mm-hmm" does not stop the AI (pipeline VAD).</summary>
    public int MinSpeechMs { get; set; } = 80;

    /// <summary>Overall score (0-100) needed to pass.</summary>
    public int PassMark { get; set; } = 70;

    /// <summary>Names of the server-side tools the AI may call in this scenario.</summary>
    public List<string> EnabledTools { get; set; } = [];

    public List<ScenarioDifficulty> Difficulties { get; } = [];

    public List<RubricCriterion> Rubric { get; } = [];
}

/// <summary>The AI's character in a scenario.</summary>
public sealed class ScenarioPersona
{
    public string Name { get; set; } = "";
    public string Role { get; set; } = "";

    /// <summary>How they come across (e.g. "warm but direct").</summary>
    public string Manner { get; set; } = "";

    /// <summary>What they care about.</summary>
    public string Concerns { get; set; } = "";
}

public enum NoiseReductionKind
{
    Off = 0,
    NearField = 1,
    FarField = 2,
}

public enum SemanticEagerness
{
    Auto = 0,
    Low = 1,
    Medium = 2,
    High = 3,
}

public enum TurnDetectionKind
{
    ServerVad = 0,
    SemanticVad = 1,
}
