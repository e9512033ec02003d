namespace VoiceSite.Data.Entities;

/// <summary>Scored feedback on a finished conversation, against the rubric it was started with.</summary>
public sealed class Evaluation
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid ConversationId { get; set; }
    public Conversation? Conversation { get; set; }

    /// <summary>Weighted mean of the criterion scores, 0-100.</summary>
    public int Score { get; set; }
    public int PassMark { get; set; }
    public bool Passed { get; set; }
    public string Summary { get; set; } = "";

    /// <summary>The chat deployment that wrote it.</summary>
    public string Model { get; set; } = "";
    public DateTime CreatedAt { get; set; }

    public List<EvaluationCriterion> Criteria { get; } = [];

    /// <summary>Strengths and improvements, in order.</summary>
    public List<EvaluationNote> Notes { get; } = [];
}

/// <summary>One rubric criterion's score, with the moments that justify it.</summary>
public sealed class EvaluationCriterion
{
    public int Id { get; set; }
    public Guid EvaluationId { get; set; }
    public Evaluation? Evaluation { get; set; }

    public string Name { get; set; } = "";
    public int Weight { get; set; }

    /// <summary>0-100.</summary>
    public int Score { get; set; }
    public string Comment { get; set; } = "";
    public int Position { get; set; }

    public List<EvaluationEvidence> Evidence { get; } = [];
}

/// <summary>A verbatim quote from the transcript (checked before it is stored) and the turn it is from.</summary>
public sealed class EvaluationEvidence
{
    public int Id { get; set; }
    public int CriterionId { get; set; }
    public EvaluationCriterion? Criterion { get; set; }

    /// <summary>The quoted turn (a reference by value: turns and evaluations are deleted with their conversation).</summary>
    public Guid TurnId { get; set; }
    public string Quote { get; set; } = "";
    public int Position { get; set; }
}

/// <summary>A strength, or an improvement with a better phrasing of a real moment.</summary>
public sealed class EvaluationNote
{
    public int Id { get; set; }
    public Guid EvaluationId { get; set; }
    public Evaluation? Evaluation { get; set; }

    public EvaluationNoteKind Kind { get; set; }
    public string Text { get; set; } = "";

    /// <summary>For an improvement: the moment it is about and what to say instead.</summary>
    public Guid? TurnId { get; set; }
    public string? Quote { get; set; }
    public string? BetterPhrasing { get; set; }
    public int Position { get; set; }
}

public enum EvaluationNoteKind
{
    Strength = 0,
    Improvement = 1,
}
