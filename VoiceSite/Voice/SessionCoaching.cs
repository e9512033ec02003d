using VoiceSite.Data.Entities;
using VoiceSite.Voice.Tools;

namespace VoiceSite.Voice;

/// <summary>
/// The coaching side of a live session: the opening line (the AI speaks first in a new conversation), realtime input
/// noise reduction and semantic VAD eagerness, the tools the AI may call, and whether the conversation is finished.
/// </summary>
public sealed record SessionCoaching(
    string OpeningLine,
    NoiseReductionKind NoiseReduction,
    SemanticEagerness Eagerness,
    IReadOnlyList<IVoiceTool> Tools,
    bool Finished)
{
    public static readonly SessionCoaching None = new("", NoiseReductionKind.Off, SemanticEagerness.Auto, [], false);

    /// <summary>True when the AI opens the conversation: it has an opening line and nothing has been said yet.</summary>
    public bool SpeaksFirst(IReadOnlyList<HistoryTurn> history) => !string.IsNullOrWhiteSpace(OpeningLine) && history.Count == 0;
}
