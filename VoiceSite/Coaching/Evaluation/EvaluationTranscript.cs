using System.Text;
using VoiceSite.Data.Entities;
using VoiceSite.Voice;

namespace VoiceSite.Coaching;

/// <summary>A transcript line the evaluation may quote: its number in the prompt, the stored turn, who spoke, the words.</summary>
public sealed record TranscriptLine(int Number, Guid TurnId, TurnRole Role, string Text);

/// <summary>
/// The transcript as the evaluation sees it: spoken turns with words (tool turns and untranscribed speech left out),
/// numbered from 1 in the order spoken, one line each: <c>[3] Learner: ...</c> or <c>[4] AI: ...</c>.
/// </summary>
public sealed class EvaluationTranscript
{
    public const string LearnerLabel = "Learner";
    public const string AiLabel = "AI";

    private EvaluationTranscript(IReadOnlyList<TranscriptLine> lines) => Lines = lines;

    public IReadOnlyList<TranscriptLine> Lines { get; }

    public bool LearnerSpoke => Lines.Any(l => l.Role == TurnRole.User);

    public static EvaluationTranscript From(IEnumerable<Turn> turnsInOrder)
    {
        var lines = new List<TranscriptLine>();
        foreach (var turn in turnsInOrder)
        {
            var text = turn.Text.Trim();
            if (turn.Role == TurnRole.Tool || text.Length == 0 || text == TurnWriter.NotTranscribed)
                continue;
            lines.Add(new TranscriptLine(lines.Count + 1, turn.Id, turn.Role, text.ReplaceLineEndings(" ")));
        }
        return new EvaluationTranscript(lines);
    }

    public TranscriptLine? Find(int number) => number >= 1 && number <= Lines.Count ? Lines[number - 1] : null;

    public string Format()
    {
        var text = new StringBuilder();
        foreach (var line in Lines)
            text.Append('[').Append(line.Number).Append("] ").Append(line.Role == TurnRole.User ? LearnerLabel : AiLabel).Append(": ").AppendLine(line.Text);
        return text.ToString();
    }
}
