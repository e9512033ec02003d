using VoiceSite.Coaching;
using VoiceSite.Conversations;

namespace VoiceSite.Pages.Conversations;

/// <summary>Model of <c>_FinishControl</c>: the "Finish and get feedback" button, or how the conversation ended.</summary>
public sealed record FinishControlView(Guid ConversationId, bool Finished, string? Reason, bool HasRubric)
{
    public string FinishUrl => $"/Conversations/{ConversationId}/Finish";
    public string FeedbackUrl => $"/Conversations/{ConversationId}/Feedback";

    public static FinishControlView For(ConversationDetails conversation) =>
        new(conversation.Id, conversation.FinishedAt is not null, conversation.FinishReason, conversation.Coaching?.HasRubric ?? false);

    /// <summary>The briefing, folded, as it was when the conversation started.</summary>
    public static BriefingView BriefingOf(ConversationDetails conversation) =>
        new(conversation.Coaching?.Briefing ?? "", conversation.Coaching?.Objective ?? "", conversation.Difficulty, Folded: true);
}
