using VoiceSite.Audio;
using VoiceSite.Data.Entities;
using VoiceSite.Recordings;
using VoiceSite.Telemetry;

namespace VoiceSite.Voice;

/// <summary>What a session needs to know about its conversation, loaded when it starts.</summary>
public sealed record ConversationSnapshot(
    Guid Id,
    string Instructions,
    string RealtimeVoice,
    string PipelineVoice,
    TurnDetectionKind TurnDetection,
    VadSettings Vad,
    IReadOnlyList<HistoryTurn> History,
    SessionCoaching Coaching);

public sealed record HistoryTurn(TurnRole Role, string Text);

/// <summary>Everything a session is created with.</summary>
/// <param name="OnEnded">Called once when the session has ended (by request or on its own).</param>
/// <param name="OnConversationGone">
/// Called when a turn could not be stored because the conversation no longer exists (deleted meanwhile, perhaps on
/// another server): the session is ended from outside, so the callback returns at once.
/// </param>
public sealed record VoiceSessionContext(
    string ConnectionId,
    string UserId,
    ConversationSnapshot Conversation,
    IVoiceClient Client,
    Action<IVoiceSession> OnEnded,
    Action OnConversationGone)
{
    /// <summary>Records the session's audio (both voices); <see cref="SessionRecorder.None"/> when recording is off.</summary>
    public SessionRecorder Recorder { get; init; } = SessionRecorder.None;

    /// <summary>The site's meter: turns stored, upstream errors, dropped audio.</summary>
    public required VoiceMetrics Metrics { get; init; }
}
