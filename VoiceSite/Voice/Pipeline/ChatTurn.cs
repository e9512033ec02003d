namespace VoiceSite.Voice.Pipeline;

public enum ChatRole
{
    User,
    Assistant,

    /// <summary>A tool's result, answering the call <see cref="ChatTurn.ToolCallId"/>.</summary>
    Tool,
}

/// <summary>One earlier message of the conversation (from either voice mode), oldest first.</summary>
public sealed record ChatTurn(ChatRole Role, string Text)
{
    public static ChatTurn User(string text) => new(ChatRole.User, text);
    public static ChatTurn Assistant(string text) => new(ChatRole.Assistant, text);

    /// <summary>The assistant's function calls (an assistant turn with calls and no text).</summary>
    public static ChatTurn Calls(IReadOnlyList<ChatToolCallRequest> calls) => new(ChatRole.Assistant, "") { ToolCalls = calls };

    public static ChatTurn ToolResult(string callId, string output) => new(ChatRole.Tool, output) { ToolCallId = callId };

    public IReadOnlyList<ChatToolCallRequest>? ToolCalls { get; init; }

    public string? ToolCallId { get; init; }
}

/// <summary>Token counts the service reported for a reply.</summary>
public readonly record struct ChatUsage(int InputTokens, int OutputTokens, int TotalTokens);
