using System.Globalization;
using System.Text.RegularExpressions;

namespace VoiceSite.Simulator;

/// <summary>
/// Deterministic assistant replies and user transcripts, shared by the realtime and chat stand-ins so
/// tests can predict them.
/// </summary>
public static partial class SimulatedReply
{
    /// <summary>
    /// The reply for a turn: names the turn number, a topic taken from the instructions, and how many earlier
    /// messages (user and assistant) the model had in context, e.g.
    /// <c>Simulated reply 2 about "You are an experienced interviewer". I have 3 earlier messages in context. Tell me more.</c>
    /// </summary>
    public static string Compose(string? instructions, int turnNumber, int contextMessages)
    {
        var topic = Topic(instructions);
        var context = contextMessages == 1 ? "1 earlier message" : $"{contextMessages} earlier messages";
        return $"Simulated reply {turnNumber} about \"{topic}\". I have {context} in context. " +
               (turnNumber % 2 == 1 ? "Tell me more about that." : "What would you like to do next?");
    }

    /// <summary>The user's transcript: the measured speech length, e.g. <c>(1.5 s of speech)</c>.</summary>
    public static string UserTranscript(double speechMs) =>
        string.Create(CultureInfo.InvariantCulture, $"({speechMs / 1000.0:0.0} s of speech)");

    /// <summary>First words of the instructions (up to six), or "the scenario" when there are none.</summary>
    public static string Topic(string? instructions)
    {
        var words = Words().Matches(instructions ?? "").Select(m => m.Value).Take(6).ToArray();
        return words.Length == 0 ? "the scenario" : string.Join(' ', words);
    }

    [GeneratedRegex(@"[\p{L}\p{N}'’-]+")]
    private static partial Regex Words();
}
