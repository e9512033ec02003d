namespace VoiceSite.Simulator.Realtime;

/// <summary>A conversation item the simulated model holds.</summary>
internal sealed class SimulatedItem(string id, string role, string text)
{
    public string Id { get; } = id;

    /// <summary>user, assistant, system, or tool (a function call's output).</summary>
    public string Role { get; } = role;

    public string Text { get; set; } = text;

    /// <summary>Assistant audio generated (sent) so far, or the user's speech.</summary>
    public long AudioBytes { get; set; }

    public bool IsMessage => Role is "user" or "assistant";
}

/// <summary>An assistant response being streamed.</summary>
internal sealed class SimulatedResponse(string id, SimulatedItem item, string text)
{
    public string Id { get; } = id;
    public SimulatedItem Item { get; } = item;
    public string Text { get; } = text;
    public CancellationTokenSource Cancel { get; } = new();

    /// <summary>Why it was cancelled: client_cancelled or turn_detected.</summary>
    public string? CancelReason { get; set; }
    public Task Streaming { get; set; } = Task.CompletedTask;

    /// <summary>A function call the response makes after its words (the simulated <c>end_roleplay</c>), or null.</summary>
    public SimulatedToolCall? ToolCall { get; init; }
}

/// <summary>A function call item of a response.</summary>
internal sealed record SimulatedToolCall(string ItemId, string CallId, string Name, string Arguments);
