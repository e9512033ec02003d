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
}
