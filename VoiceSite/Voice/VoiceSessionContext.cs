using VoiceSite.Audio;
using VoiceSite.Data.Entities;

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
public sealed record VoiceSessionContext(
    string ConnectionId,
    string UserId,
    ConversationSnapshot Conversation,
    IVoiceClient Client,
    Action<IVoiceSession> OnEnded);
