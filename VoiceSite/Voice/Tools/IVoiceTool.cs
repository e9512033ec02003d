using VoiceSite.Data.Entities;

namespace VoiceSite.Voice.Tools;

/// <summary>
/// A server-side tool the AI may call during a conversation (realtime function calling, chat tool calls), enabled per
/// scenario. Register implementations with <c>AddVoiceTool</c>; the registry offers them to the editor and the sessions.
/// </summary>
public interface IVoiceTool
{
    /// <summary>The function name the model calls (letters, digits, underscores).</summary>
    string Name { get; }

    /// <summary>For administrators, e.g. "End the role-play".</summary>
    string DisplayName { get; }

    /// <summary>For administrators: what enabling it does.</summary>
    string AdminDescription { get; }

    /// <summary>For the model: when to call it.</summary>
    string Description { get; }

    /// <summary>JSON schema of the arguments (an object; strict: every property required, no others).</summary>
    BinaryData ParametersSchema { get; }

    /// <summary>Added to the AI's instructions when the tool is enabled (placeholders such as <c>{{objective}}</c> allowed); null for none.</summary>
    string? InstructionsHint { get; }

    /// <summary>Runs a call. Bad arguments are answered with <see cref="VoiceToolResult.Failed"/>, not thrown.</summary>
    Task<VoiceToolResult> InvokeAsync(VoiceToolCall call, CancellationToken cancellationToken);
}

/// <summary>A call as the model made it.</summary>
public sealed record VoiceToolCall(Guid ConversationId, string CallId, string Name, string Arguments, VoiceMode Mode);

/// <summary>
/// What a tool did. <see cref="Output"/> (JSON) goes back to the model; <see cref="Summary"/> is stored as the tool turn's
/// text for people; a non-null <see cref="EndReason"/> ends the session with that reason once the AI's last words are heard.
/// </summary>
public sealed record VoiceToolResult(bool Succeeded, string Output, string Summary, string? EndReason = null)
{
    public static VoiceToolResult Failed(string error, string summary) =>
        new(false, System.Text.Json.JsonSerializer.Serialize(new { error }), summary);
}
