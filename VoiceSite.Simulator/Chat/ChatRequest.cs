using System.Text;
using System.Text.Json;

namespace VoiceSite.Simulator.Chat;

/// <summary>The parts of a chat completions request the simulator uses.</summary>
internal sealed record ChatRequest(
    IReadOnlyList<ChatRequestMessage> Messages,
    bool Stream,
    bool IncludeUsage,
    string? Model,
    IReadOnlyList<string> ToolNames,
    string? JsonSchemaName,
    JsonElement? JsonSchema)
{
    public static ChatRequest Parse(string body)
    {
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
            throw new FormatException("'messages' is a required property and must be a non-empty array.");
        var list = new List<ChatRequestMessage>();
        foreach (var message in messages.EnumerateArray())
        {
            var role = message.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : throw new FormatException("Each message needs a 'role'.");
            list.Add(new ChatRequestMessage(role, ContentText(message)));
        }
        var stream = root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        var includeUsage = root.TryGetProperty("stream_options", out var so) && so.ValueKind == JsonValueKind.Object
            && so.TryGetProperty("include_usage", out var iu) && iu.ValueKind == JsonValueKind.True;
        var model = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;

        var tools = new List<string>();
        if (root.TryGetProperty("tools", out var t) && t.ValueKind == JsonValueKind.Array)
        {
            foreach (var tool in t.EnumerateArray())
            {
                if (tool.TryGetProperty("function", out var f) && f.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String)
                    tools.Add(n.GetString()!);
            }
        }

        string? schemaName = null;
        JsonElement? schema = null;
        if (root.TryGetProperty("response_format", out var format) && format.ValueKind == JsonValueKind.Object
            && format.TryGetProperty("type", out var type) && type.GetString() == "json_schema"
            && format.TryGetProperty("json_schema", out var js) && js.ValueKind == JsonValueKind.Object)
        {
            schemaName = js.TryGetProperty("name", out var name) ? name.GetString() : null;
            schema = js.TryGetProperty("schema", out var body2) ? body2.Clone() : null;
        }
        return new ChatRequest(list, stream, includeUsage, model, tools, schemaName, schema);
    }

    /// <summary>"content" as a string, or the text parts of an array of content parts.</summary>
    private static string ContentText(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content))
            return "";
        if (content.ValueKind == JsonValueKind.String)
            return content.GetString()!;
        if (content.ValueKind != JsonValueKind.Array)
            return "";
        var text = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
                text.Append(t.GetString());
        }
        return text.ToString();
    }
}

internal sealed record ChatRequestMessage(string Role, string Text);
