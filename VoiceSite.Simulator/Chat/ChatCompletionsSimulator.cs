using Microsoft.Extensions.DependencyInjection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VoiceSite.Simulator.Speech;

namespace VoiceSite.Simulator.Chat;

/// <summary>
/// Stand-in for chat completions, in the Azure (<c>openai/deployments/{deployment}/chat/completions?api-version=</c>,
/// <c>openai/v1/chat/completions</c>) and plain OpenAI (<c>v1/chat/completions</c>) shapes. The reply is
/// <see cref="SimulatedReply.Compose"/> of the system message, the turn number (assistant messages + 1) and the
/// number of user and assistant messages; streamed word by word as <c>chat.completion.chunk</c> server-sent events,
/// or as one <c>chat.completion</c>.
/// </summary>
internal static partial class ChatCompletionsSimulator
{
    public static async Task HandleAsync(HttpContext context, IOptionsMonitor<SimulatorOptions> monitor, ILoggerFactory loggers)
    {
        var options = monitor.CurrentValue;
        var service = options.Chat;
        var logger = loggers.CreateLogger("VoiceSite.Simulator.Chat");
        var bearer = context.Request.Headers.Authorization.ToString();
        var keyValid = SimulatedRest.KeyMatches(context.Request.Headers["api-key"], options.ApiKey)
            || (bearer.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && SimulatedRest.KeyMatches(bearer[7..].Trim(), options.ApiKey));
        if (!await SimulatedRest.AdmitAsync(context, service, keyValid))
            return;

        var deployment = context.Request.RouteValues["deployment"] as string;
        if (deployment is not null && string.IsNullOrEmpty(context.Request.Query["api-version"]))
        {
            await SimulatedRest.WriteErrorAsync(context, 404, "404", "Resource not found");
            return;
        }

        ChatRequest request;
        try
        {
            request = await ChatRequest.ReadAsync(context.Request.Body, context.RequestAborted);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            await InvalidRequestAsync(context, e.Message);
            return;
        }

        var turn = request.Messages.Count(m => m.Role == "assistant") + 1;
        var contextMessages = request.Messages.Count(m => m.Role is "user" or "assistant");
        var system = request.Messages.FirstOrDefault(m => m.Role is "system" or "developer")?.Text;
        var reply = SimulatedReply.Compose(system, turn, contextMessages);
        var deltas = Tokens().Matches(reply).Select(m => m.Value).ToList();
        var usage = new JsonObject
        {
            ["prompt_tokens"] = request.Messages.Sum(m => 4 + (m.Text.Length + 3) / 4),
            ["completion_tokens"] = deltas.Count,
            ["total_tokens"] = request.Messages.Sum(m => 4 + (m.Text.Length + 3) / 4) + deltas.Count,
        };
        var model = deployment ?? request.Model ?? "simulated";
        var id = "chatcmpl-sim" + Guid.NewGuid().ToString("N")[..20];
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Log.Replying(logger, turn, contextMessages, request.Stream);

        await SimulatedRest.DelayAnswerAsync(context, service);
        var drop = service.Fault == SimulatorFault.DropMidResponse;
        if (!request.Stream)
        {
            if (drop)
            {
                SimulatedRest.Drop(context);
                return;
            }
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(new JsonObject
            {
                ["id"] = id,
                ["object"] = "chat.completion",
                ["created"] = created,
                ["model"] = model,
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = reply },
                    ["finish_reason"] = "stop",
                }),
                ["usage"] = usage,
            }.ToJsonString(), context.RequestAborted);
            return;
        }

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.StartAsync(context.RequestAborted);

        JsonObject Chunk(JsonObject delta, string? finishReason) => new()
        {
            ["id"] = id,
            ["object"] = "chat.completion.chunk",
            ["created"] = created,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }),
        };
        async Task SendAsync(JsonObject chunk)
        {
            if (request.IncludeUsage && !chunk.ContainsKey("usage"))
                chunk["usage"] = null;
            await context.Response.WriteAsync("data: " + chunk.ToJsonString() + "\n\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }

        var journal = context.RequestServices.GetRequiredService<SimulatorJournal>();
        journal.Record(SimulatorJournal.ChatStarted);
        await SendAsync(Chunk(new JsonObject { ["role"] = "assistant", ["content"] = "" }, null));
        for (var i = 0; i < deltas.Count; i++)
        {
            if (drop && i == deltas.Count / 2)
            {
                Log.Dropped(logger, i);
                SimulatedRest.Drop(context);
                return;
            }
            if (i > 0 && service.WordDelayMs > 0)
                await Task.Delay(service.WordDelayMs, context.RequestAborted);
            await SendAsync(Chunk(new JsonObject { ["content"] = deltas[i] }, null));
        }
        await SendAsync(Chunk(new JsonObject(), "stop"));
        if (request.IncludeUsage)
        {
            // As OpenAI documents it: one more chunk with no choices and the usage of the whole request.
            await SendAsync(new JsonObject
            {
                ["id"] = id,
                ["object"] = "chat.completion.chunk",
                ["created"] = created,
                ["model"] = model,
                ["choices"] = new JsonArray(),
                ["usage"] = usage.DeepClone(),
            });
        }
        await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
        journal.Record(SimulatorJournal.ChatEnded);
    }

    private static Task InvalidRequestAsync(HttpContext context, string message)
    {
        context.Response.StatusCode = 400;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["message"] = message,
                ["type"] = "invalid_request_error",
                ["param"] = "messages",
                ["code"] = null,
            },
        }.ToJsonString(), context.RequestAborted);
    }

    // Word-sized deltas that put together give the reply exactly: "Simulated", " reply", " 1", ...
    [GeneratedRegex(@"\s*\S+")]
    private static partial Regex Tokens();

    private static partial class Log
    {
        [LoggerMessage(2300, LogLevel.Debug, "Simulated chat: reply {Turn} with {Context} messages in context (stream: {Stream})")]
        public static partial void Replying(ILogger logger, int turn, int context, bool stream);

        [LoggerMessage(2301, LogLevel.Information, "Simulated chat: dropping the connection after {Deltas} deltas (fault)")]
        public static partial void Dropped(ILogger logger, int deltas);
    }
}

/// <summary>The parts of a chat completions request the simulator uses.</summary>
internal sealed record ChatRequest(IReadOnlyList<ChatRequestMessage> Messages, bool Stream, bool IncludeUsage, string? Model)
{
    public static async Task<ChatRequest> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
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
        return new ChatRequest(list, stream, includeUsage, model);
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
