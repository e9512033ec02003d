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

        var journal = context.RequestServices.GetRequiredService<SimulatorJournal>();
        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
            body = await reader.ReadToEndAsync(context.RequestAborted);
        journal.RecordRequest("chat", context.Request.Path, body);
        ChatRequest request;
        try
        {
            request = ChatRequest.Parse(body);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            await InvalidRequestAsync(context, e.Message);
            return;
        }
        if (request.JsonSchemaName == EvaluationSimulator.SchemaName)
        {
            await EvaluationSimulator.AnswerAsync(context, request, service, journal, deployment);
            return;
        }

        var turn = request.Messages.Count(m => m.Role == "assistant") + 1;
        var contextMessages = request.Messages.Count(m => m.Role is "user" or "assistant");
        var system = request.Messages.FirstOrDefault(m => m.Role is "system" or "developer")?.Text;
        var endArguments = request.Messages[^1].Role == "user"
            ? SimulatedTools.EndRoleplayArguments(request.ToolNames, request.Messages.Count(m => m.Role == "user"), request.Messages[^1].Text, options.EndRoleplayAfterUserTurns)
            : null;
        var toolCall = endArguments is not null ? new ToolCall(SimulatedTools.NewCallId(), SimulatedTools.EndRoleplay, endArguments)
            : request.Messages[^1].Role == "user" && SimulatedTools.CallsTool(request.ToolNames, options.CallTool) ? new ToolCall(SimulatedTools.NewCallId(), options.CallTool!, "{}")
            : null;
        if (toolCall is not null)
            journal.Record(SimulatorJournal.ChatToolCall);
        var reply = toolCall is null ? SimulatedReply.Compose(system, turn, contextMessages)
            : toolCall.Name == SimulatedTools.EndRoleplay ? SimulatedTools.ClosingLine
            : "";
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
                    ["message"] = toolCall is null
                        ? new JsonObject { ["role"] = "assistant", ["content"] = reply }
                        : new JsonObject { ["role"] = "assistant", ["content"] = reply, ["tool_calls"] = new JsonArray(toolCall.Json(includeArguments: true)) },
                    ["finish_reason"] = toolCall is null ? "stop" : "tool_calls",
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
        if (toolCall is not null)
        {
            // As OpenAI streams a call: id, type and name first with empty arguments, then the arguments in pieces.
            await SendAsync(Chunk(new JsonObject { ["tool_calls"] = new JsonArray(toolCall.Json(includeArguments: false)) }, null));
            foreach (var piece in toolCall.Arguments.Chunk(16))
                await SendAsync(Chunk(new JsonObject { ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = 0, ["function"] = new JsonObject { ["arguments"] = new string(piece) } }) }, null));
        }
        await SendAsync(Chunk(new JsonObject(), toolCall is null ? "stop" : "tool_calls"));
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

    private sealed record ToolCall(string Id, string Name, string Arguments)
    {
        public JsonObject Json(bool includeArguments) => new()
        {
            ["index"] = 0,
            ["id"] = Id,
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = Name, ["arguments"] = includeArguments ? Arguments : "" },
        };
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
