namespace VoiceSite.Data.Entities;

/// <summary>One utterance: the user's or the assistant's, stored when it ends.</summary>
public sealed class Turn
{
    /// <summary>Also the <c>turnId</c> sent to the browser.</summary>
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid ConversationId { get; set; }
    public Conversation? Conversation { get; set; }

    /// <summary>Order of insertion inside the conversation (tie-break after <see cref="StartedAt"/>).</summary>
    public int Sequence { get; set; }
    public TurnRole Role { get; set; }
    public string Text { get; set; } = "";
    public VoiceMode Mode { get; set; }

    public DateTime StartedAt { get; set; }
    public int? DurationMs { get; set; }

    /// <summary>The assistant was cut off; <see cref="Text"/> holds what the user heard.</summary>
    public bool Interrupted { get; set; }

    /// <summary>End of user speech -> first assistant audio byte relayed to the browser.</summary>
    public int? ResponseLatencyMs { get; set; }
    public int? SttLatencyMs { get; set; }
    public int? ChatFirstTokenMs { get; set; }
    public int? TtsFirstByteMs { get; set; }

    public int? InputTokens { get; set; }
    public int? OutputTokens { get; set; }
    public int? TotalTokens { get; set; }

    /// <summary>
    /// Pipeline user turn: audio sent to speech-to-text for it (billed per audio hour), in ms, with any audio of the
    /// session's earlier utterances that had no words recognized (no turn of their own). Null in realtime mode.
    /// </summary>
    public int? SttAudioMs { get; set; }

    /// <summary>
    /// Pipeline assistant turn: characters of the text sent to text-to-speech and accepted (billed per character), also
    /// of sentences synthesised but cut off before they were heard. Null in realtime mode.
    /// </summary>
    public int? TtsCharacters { get; set; }

    /// <summary>For a <see cref="TurnRole.Tool"/> turn: the call and its result.</summary>
    public TurnToolCall? ToolCall { get; set; }
}

public enum TurnRole
{
    User = 0,
    Assistant = 1,

    /// <summary>A server-side tool the AI called (its text says what happened, for people).</summary>
    Tool = 2,
}

public enum VoiceMode
{
    Realtime = 0,
    Pipeline = 1,
}
