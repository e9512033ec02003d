using VoiceSite.Data.Entities;

namespace VoiceSite.Voice;

/// <summary>What the Talk section and its mode toggle render.</summary>
public sealed record TalkView(Guid ConversationId, VoiceMode Mode, ModeStatus Realtime, ModeStatus Pipeline)
{
    public static TalkView For(Guid conversationId, VoiceMode preferred, VoiceModeAvailability availability)
    {
        var realtime = availability.Realtime;
        var pipeline = availability.Pipeline;
        // Prefer the conversation's mode; fall back to the other one when it cannot be used.
        var mode = availability.For(preferred).Available ? preferred
            : preferred == VoiceMode.Realtime && pipeline.Available ? VoiceMode.Pipeline
            : preferred == VoiceMode.Pipeline && realtime.Available ? VoiceMode.Realtime
            : preferred;
        return new TalkView(conversationId, mode, realtime, pipeline);
    }

    public bool AnyAvailable => Realtime.Available || Pipeline.Available;

    /// <summary>Voice sessions of this conversation are recorded (shown on the talk panel).</summary>
    public bool Recorded { get; init; }

    /// <summary>Days recordings are kept; 0: until the conversation is deleted.</summary>
    public int RecordingRetentionDays { get; init; }

    public string ModeName => VoiceModes.Name(Mode);
}
