namespace VoiceSite.Data.Entities;

/// <summary>
/// The audio of one voice session (both voices mixed, Ogg Opus), stored under <see cref="StorageKey"/>. A conversation
/// continued over several sessions has several recordings, played one after the other; position 0 of each is
/// <see cref="StartedAt"/>, so a turn's place in it is <c>Turn.StartedAt - StartedAt</c>.
/// </summary>
public sealed class Recording
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid ConversationId { get; set; }
    public Conversation? Conversation { get; set; }

    /// <summary>The session's voice mode (a mode switch starts a new session, so a new recording).</summary>
    public VoiceMode Mode { get; set; }

    /// <summary>When the session started: position 0 of the audio.</summary>
    public DateTime StartedAt { get; set; }

    /// <summary>Audio stored so far, in milliseconds; updated at every flush, final once <see cref="CompletedAt"/> is set.</summary>
    public int DurationMs { get; set; }

    /// <summary>Bytes stored so far.</summary>
    public long ByteSize { get; set; }

    /// <summary>Where the audio is in the recording store (a file path under its folder, or a blob name).</summary>
    public string StorageKey { get; set; } = "";

    public string ContentType { get; set; } = "";

    /// <summary>Last flush.</summary>
    public DateTime UpdatedAt { get; set; }

    /// <summary>Null while recording, and for good when the site stopped before the session ended (the audio up to the last flush is playable).</summary>
    public DateTime? CompletedAt { get; set; }
}
