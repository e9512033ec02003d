using VoiceSite.Data.Entities;
using VoiceSite.Recordings;

namespace VoiceSite.Conversations;

/// <summary>Model of <c>_Transcript</c>: the turns, and (when the conversation was recorded) where each is heard.</summary>
public sealed record TranscriptView(IReadOnlyList<Turn> Turns, ReplayView? Replay = null);
