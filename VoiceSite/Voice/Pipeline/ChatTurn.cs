namespace VoiceSite.Voice.Pipeline;

public enum ChatRole
{
    User,
    Assistant,
}

/// <summary>One earlier message of the conversation (from either voice mode), oldest first.</summary>
public sealed record ChatTurn(ChatRole Role, string Text)
{
    public static ChatTurn User(string text) => new(ChatRole.User, text);
    public static ChatTurn Assistant(string text) => new(ChatRole.Assistant, text);
}

/// <summary>Token counts the service reported for a reply.</summary>
public readonly record struct ChatUsage(int InputTokens, int OutputTokens, int TotalTokens);
