using System.Text.Json;
using VoiceSite.Coaching;
using VoiceSite.Data.Entities;

namespace VoiceSite.Voice.Tools;

/// <summary>
/// <c>end_roleplay</c>: the AI ends the conversation when the learner's objective is clearly reached or clearly lost,
/// or the learner asks to stop. The conversation is marked finished and its evaluation queued; the session ends with
/// the reason once the AI's closing words have been heard.
/// </summary>
public sealed class EndRoleplayTool(ConversationFinisher finisher) : IVoiceTool
{
    public const string ToolName = "end_roleplay";
    public const int MaxReasonLength = 300;

    private static readonly Dictionary<string, string> Outcomes = new(StringComparer.Ordinal)
    {
        ["objective_reached"] = "objective reached",
        ["objective_lost"] = "objective lost",
        ["learner_asked_to_stop"] = "you asked to stop",
    };

    public string Name => ToolName;

    public string DisplayName => "End the role-play";

    public string AdminDescription => "The AI may end the conversation when the objective is clearly reached or clearly lost, or the learner asks to stop; feedback then follows. Needs an objective.";

    public string Description => "End the role-play. Call it once, after a short closing line in character, when the learner's objective is clearly reached or clearly lost, or when the learner asks to stop.";

    public BinaryData ParametersSchema { get; } = BinaryData.FromString("""
        {
          "type": "object",
          "properties": {
            "outcome": { "type": "string", "enum": ["objective_reached", "objective_lost", "learner_asked_to_stop"], "description": "Why the role-play ends." },
            "reason": { "type": "string", "description": "One short sentence for the learner saying what happened." }
          },
          "required": ["outcome", "reason"],
          "additionalProperties": false
        }
        """);

    public string? InstructionsHint =>
        "The learner's objective: {{objective}}\nWhen that objective is clearly reached or clearly lost, or the learner asks to stop, say one short closing line in character and then call end_roleplay.";

    public async Task<VoiceToolResult> InvokeAsync(VoiceToolCall call, CancellationToken cancellationToken)
    {
        string? outcome, reason;
        try
        {
            using var json = JsonDocument.Parse(call.Arguments);
            outcome = json.RootElement.TryGetProperty("outcome", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null;
            reason = json.RootElement.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()?.Trim() : null;
        }
        catch (JsonException)
        {
            return VoiceToolResult.Failed("The arguments are not valid JSON.", "The AI tried to end the role-play with unreadable arguments.");
        }
        if (outcome is null || !Outcomes.TryGetValue(outcome, out var described))
            return VoiceToolResult.Failed("outcome must be objective_reached, objective_lost or learner_asked_to_stop.", "The AI tried to end the role-play without a valid outcome.");
        if (string.IsNullOrEmpty(reason))
            reason = "The role-play is over.";
        if (reason.Length > MaxReasonLength)
            reason = reason[..(MaxReasonLength - 1)] + "…";

        var shown = $"The AI ended the role-play ({described}): {reason}";
        await finisher.FinishAsync(call.ConversationId, ownerId: null, ConversationEnder.Ai, shown, cancellationToken);
        return new VoiceToolResult(true, JsonSerializer.Serialize(new { ended = true }), shown, EndReason: shown);
    }
}
