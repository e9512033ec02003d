using System.Text.Json;

namespace VoiceSite.Simulator;

/// <summary>
/// When the simulated model (realtime and chat alike) calls the site's <c>end_roleplay</c> tool. Deterministic: only when
/// the request or session offers that tool and the reply answers a learner's message, and then when either the learner's
/// latest message contains "goodbye" or "end the role-play" (outcome <c>learner_asked_to_stop</c>), or it is the learner's
/// Nth message with N = <see cref="SimulatorOptions.EndRoleplayAfterUserTurns"/> or more (outcome <c>objective_reached</c>).
/// The reply is then <see cref="ClosingLine"/> followed by the call.
/// </summary>
public static class SimulatedTools
{
    public const string EndRoleplay = "end_roleplay";
    public const string ClosingLine = "Thank you, that is all I need today. Goodbye.";

    private static readonly string[] StopWords = ["goodbye", "end the role-play", "end the roleplay"];

    /// <summary>The call's arguments (JSON), or null when the model does not end the role-play now.</summary>
    public static string? EndRoleplayArguments(IEnumerable<string> offeredTools, int userMessages, string? latestUserText, int afterUserTurns)
    {
        if (!offeredTools.Contains(EndRoleplay, StringComparer.Ordinal) || userMessages == 0)
            return null;
        if (latestUserText is not null && StopWords.Any(w => latestUserText.Contains(w, StringComparison.OrdinalIgnoreCase)))
            return JsonSerializer.Serialize(new { outcome = "learner_asked_to_stop", reason = "You asked to end the role-play." });
        if (afterUserTurns > 0 && userMessages >= afterUserTurns)
            return JsonSerializer.Serialize(new { outcome = "objective_reached", reason = $"Simulated: the role-play ends after {userMessages} of your turns." });
        return null;
    }

    /// <summary>True when <see cref="SimulatorOptions.CallTool"/> names a tool the request or session offers.</summary>
    public static bool CallsTool(IEnumerable<string> offeredTools, string? tool) =>
        !string.IsNullOrEmpty(tool) && offeredTools.Contains(tool, StringComparer.Ordinal);

    /// <summary>A call id like the services give.</summary>
    public static string NewCallId() => "call_sim" + Guid.NewGuid().ToString("N")[..16];
}
