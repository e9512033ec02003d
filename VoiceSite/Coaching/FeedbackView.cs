using VoiceSite.Data.Entities;

namespace VoiceSite.Coaching;

public enum FeedbackState
{
    /// <summary>Still open: finish it to get feedback.</summary>
    NotFinished,
    /// <summary>The scenario had no rubric: no score.</summary>
    NoRubric,
    /// <summary>Finished without the learner saying anything that was transcribed.</summary>
    NothingToScore,
    Waiting,
    Running,
    Done,
    Failed,
}

/// <summary>A conversation's feedback as the learner (or, read-only, an administrator) sees it.</summary>
public sealed record FeedbackView(
    Guid ConversationId,
    string Title,
    string ScenarioName,
    int? ScenarioId,
    string OwnerEmail,
    string? Difficulty,
    DateTime CreatedAt,
    DateTime? FinishedAt,
    ConversationEnder? FinishedBy,
    string? FinishReason,
    BriefingView Briefing,
    int PassMark,
    FeedbackState State,
    string? Error,
    Evaluation? Evaluation,
    IReadOnlyList<Turn> Transcript)
{
    public bool IsPending => State is FeedbackState.Waiting or FeedbackState.Running;

    public IEnumerable<EvaluationNote> Strengths => Notes(EvaluationNoteKind.Strength);

    public IEnumerable<EvaluationNote> Improvements => Notes(EvaluationNoteKind.Improvement);

    private IEnumerable<EvaluationNote> Notes(EvaluationNoteKind kind) =>
        (Evaluation?.Notes ?? []).Where(n => n.Kind == kind).OrderBy(n => n.Position);

    /// <summary>Where <paramref name="quote"/> begins in its turn, as a share of the turn ("0.543"; see <see cref="QuoteMoment"/>).</summary>
    public string QuoteAt(Guid turnId, string quote) =>
        (Transcript.FirstOrDefault(t => t.Id == turnId) is { } turn ? QuoteMoment.Share(turn.Text, quote) : 0)
            .ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"You", "AI" or "tool": who spoke a quoted turn (for the link text).</summary>
    public string SpeakerOf(Guid turnId) => Transcript.FirstOrDefault(t => t.Id == turnId)?.Role switch
    {
        TurnRole.User => "you",
        TurnRole.Assistant => "the AI",
        _ => "the conversation",
    };
}
