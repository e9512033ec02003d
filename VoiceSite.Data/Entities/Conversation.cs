namespace VoiceSite.Data.Entities;

/// <summary>One user's conversation inside a scenario; turns of both voice modes.</summary>
public sealed class Conversation
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string OwnerId { get; set; }
    public AppUser? Owner { get; set; }

    /// <summary>Null once an administrator deletes the scenario; the snapshot fields keep the conversation usable.</summary>
    public int? ScenarioId { get; set; }
    public Scenario? Scenario { get; set; }
    public string ScenarioName { get; set; } = "";

    public string Title { get; set; } = "";

    /// <summary>Scenario instructions rendered with <see cref="ParameterValues"/> when the conversation was created.</summary>
    public string Instructions { get; set; } = "";
    public Dictionary<string, string> ParameterValues { get; set; } = [];

    public string RealtimeVoice { get; set; } = "alloy";
    public string PipelineVoice { get; set; } = "en-US-AvaMultilingualNeural";

    /// <summary>Mode used last (or chosen at creation).</summary>
    public VoiceMode Mode { get; set; } = VoiceMode.Realtime;

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public List<Turn> Turns { get; } = [];

    /// <summary>The difficulty level chosen at start (a snapshot of its name), or null when the scenario has none.</summary>
    public string? Difficulty { get; set; }

    /// <summary>Briefing, persona, opening line, tools and rubric as they were when the conversation started.</summary>
    public CoachingSnapshot Coaching { get; set; } = new();

    /// <summary>Set once the conversation is finished (by the learner or the AI's tool); no more talking after that.</summary>
    public DateTime? FinishedAt { get; set; }
    public ConversationEnder? FinishedBy { get; set; }

    /// <summary>Why it ended, as shown to the learner (e.g. the AI's reason).</summary>
    public string? FinishReason { get; set; }

    public Evaluation? Evaluation { get; set; }

    /// <summary>
    /// Tokens of every chat call that scored this conversation for its feedback, added up over attempts (an answer that
    /// was rejected and retried was billed too).
    /// </summary>
    public int ScoringInputTokens { get; set; }
    public int ScoringOutputTokens { get; set; }
}

public enum ConversationEnder
{
    Learner = 0,
    Ai = 1,
}
