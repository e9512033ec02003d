namespace VoiceSite.Coaching;

/// <summary>
/// Model of <c>_Feedback</c>: the feedback, where to poll while it is prepared, and (for the learner, not the read-only
/// administrator view) where "try again" posts.
/// </summary>
public sealed record FeedbackPanel(FeedbackView View, string StatusUrl, string? RetryUrl)
{
    public bool ReadOnly => RetryUrl is null;
}
