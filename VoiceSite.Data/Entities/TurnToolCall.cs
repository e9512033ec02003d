namespace VoiceSite.Data.Entities;

/// <summary>A server-side tool the AI called, stored with its <see cref="TurnRole.Tool"/> turn: arguments and result.</summary>
public sealed class TurnToolCall
{
    public Guid TurnId { get; set; }
    public Turn? Turn { get; set; }

    /// <summary>The upstream's call id (realtime <c>call_id</c>, chat <c>tool_calls[].id</c>).</summary>
    public string CallId { get; set; } = "";
    public required string Name { get; set; }

    /// <summary>As the model sent them (JSON).</summary>
    public string Arguments { get; set; } = "{}";

    /// <summary>What the tool answered the model (JSON).</summary>
    public string Result { get; set; } = "{}";
    public bool Succeeded { get; set; }
}
