using System.Text.Json.Nodes;

namespace VoiceSite.Simulator.Realtime;

/// <summary>Server events of the Azure OpenAI Realtime GA protocol, as JSON.</summary>
internal static class RealtimeEvents
{
    private static long _counter;

    public static string NewId(string prefix) => $"{prefix}_{Interlocked.Increment(ref _counter):x8}{Random.Shared.Next():x8}";

    public static JsonObject Event(string type, JsonObject? body = null)
    {
        var e = new JsonObject { ["type"] = type, ["event_id"] = NewId("event") };
        if (body is not null)
            foreach (var (key, value) in body.ToList())
            {
                body.Remove(key);
                e[key] = value;
            }
        return e;
    }

    public static JsonObject Error(string code, string message, string? clientEventId = null, string? param = null,
        string type = "invalid_request_error") =>
        Event("error", new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["type"] = type,
                ["code"] = code,
                ["message"] = message,
                ["param"] = param,
                ["event_id"] = clientEventId,
            },
        });

    public static JsonObject Session(SimulatedSessionConfig config, string model, string sessionId) => new()
    {
        ["type"] = "realtime",
        ["object"] = "realtime.session",
        ["id"] = sessionId,
        ["model"] = model,
        ["output_modalities"] = new JsonArray("audio"),
        ["instructions"] = config.Instructions,
        ["tools"] = new JsonArray(config.Tools.Select(n => (JsonNode)new JsonObject { ["type"] = "function", ["name"] = n }).ToArray()),
        ["tool_choice"] = "auto",
        ["max_output_tokens"] = "inf",
        ["tracing"] = null,
        ["prompt"] = null,
        ["expires_at"] = DateTimeOffset.UtcNow.AddMinutes(30).ToUnixTimeSeconds(),
        ["audio"] = new JsonObject
        {
            ["input"] = new JsonObject
            {
                ["format"] = PcmFormat(),
                ["transcription"] = config.TranscriptionModel is null ? null : new JsonObject { ["model"] = config.TranscriptionModel },
                ["noise_reduction"] = config.NoiseReduction is null ? null : new JsonObject { ["type"] = config.NoiseReduction },
                ["turn_detection"] = config.TurnDetectionJson(),
            },
            ["output"] = new JsonObject
            {
                ["format"] = PcmFormat(),
                ["voice"] = config.Voice,
                ["speed"] = 1.0,
            },
        },
    };

    public static JsonObject PcmFormat() => new() { ["type"] = "audio/pcm", ["rate"] = 24000 };

    public static JsonObject MessageItem(string id, string role, string status, JsonArray content) => new()
    {
        ["id"] = id,
        ["type"] = "message",
        ["object"] = "realtime.item",
        ["status"] = status,
        ["role"] = role,
        ["content"] = content,
    };

    public static JsonObject Response(string id, string status, JsonObject? statusDetails, JsonArray output, JsonObject? usage, string voice) => new()
    {
        ["object"] = "realtime.response",
        ["id"] = id,
        ["status"] = status,
        ["status_details"] = statusDetails,
        ["output"] = output,
        ["conversation_id"] = "conv_simulated",
        ["output_modalities"] = new JsonArray("audio"),
        ["max_output_tokens"] = "inf",
        ["audio"] = new JsonObject { ["output"] = new JsonObject { ["format"] = PcmFormat(), ["voice"] = voice } },
        ["usage"] = usage,
        ["metadata"] = null,
    };

    public static JsonObject RateLimits() => Event("rate_limits.updated", new JsonObject
    {
        ["rate_limits"] = new JsonArray(
            new JsonObject { ["name"] = "requests", ["limit"] = 1000, ["remaining"] = 999, ["reset_seconds"] = 60.0 },
            new JsonObject { ["name"] = "tokens", ["limit"] = 100_000, ["remaining"] = 99_000, ["reset_seconds"] = 60.0 }),
    });
}
