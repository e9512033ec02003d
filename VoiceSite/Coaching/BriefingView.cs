namespace VoiceSite.Coaching;

/// <summary>The learner's briefing as shown on the start form (open) and the conversation page (folded).</summary>
public sealed record BriefingView(string Briefing, string Objective, string? Difficulty, bool Folded)
{
    public bool IsEmpty => string.IsNullOrWhiteSpace(Briefing) && string.IsNullOrWhiteSpace(Objective);
}
