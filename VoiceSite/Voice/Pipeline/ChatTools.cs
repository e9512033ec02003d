namespace VoiceSite.Voice.Pipeline;

/// <summary>A function the chat model may call (its arguments' JSON schema, strict).</summary>
public sealed record ChatToolDefinition(string Name, string Description, BinaryData Parameters);

/// <summary>A function call the model made in its answer: the call id, the function and its arguments (JSON).</summary>
public sealed record ChatToolCallRequest(string Id, string Name, string Arguments);
