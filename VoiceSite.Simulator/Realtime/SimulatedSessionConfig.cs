using System.Text.Json.Nodes;
using VoiceSite.Audio;

namespace VoiceSite.Simulator.Realtime;

/// <summary>The session settings a client chose with <c>session.update</c> (GA shape).</summary>
internal sealed class SimulatedSessionConfig
{
    public static readonly string[] Voices = ["alloy", "ash", "ballad", "coral", "echo", "sage", "shimmer", "verse", "marin", "cedar"];

    public string Instructions { get; set; } = "";
    public string Voice { get; set; } = "alloy";
    public string? TranscriptionModel { get; set; }

    /// <summary>"server_vad", "semantic_vad", or null (manual commits).</summary>
    public string? TurnDetection { get; set; } = "server_vad";
    public double Threshold { get; set; } = 0.5;
    public int PrefixPaddingMs { get; set; } = 300;
    public int SilenceDurationMs { get; set; } = 500;
    public string Eagerness { get; set; } = "auto";
    public bool CreateResponse { get; set; } = true;

    /// <summary>Names of the function tools the client offered.</summary>
    public List<string> Tools { get; set; } = [];

    /// <summary>"near_field", "far_field" or null (off).</summary>
    public string? NoiseReduction { get; set; }
    public bool InterruptResponse { get; set; } = true;

    public VadSettings Vad => new(Threshold, PrefixPaddingMs,
        TurnDetection == "semantic_vad"
            ? Eagerness switch { "low" => 1000, "high" => 300, _ => 600 }
            : SilenceDurationMs);

    public JsonObject? TurnDetectionJson() => TurnDetection switch
    {
        "server_vad" => new JsonObject
        {
            ["type"] = "server_vad", ["threshold"] = Threshold, ["prefix_padding_ms"] = PrefixPaddingMs,
            ["silence_duration_ms"] = SilenceDurationMs, ["create_response"] = CreateResponse,
            ["interrupt_response"] = InterruptResponse, ["idle_timeout_ms"] = null,
        },
        "semantic_vad" => new JsonObject
        {
            ["type"] = "semantic_vad", ["eagerness"] = Eagerness,
            ["create_response"] = CreateResponse, ["interrupt_response"] = InterruptResponse,
        },
        _ => null,
    };

    /// <summary>Applies a <c>session</c> object; returns an error message for invalid values.</summary>
    public string? Apply(JsonObject session, bool audioProduced)
    {
        if (session["type"]?.GetValue<string>() is { } type && type != "realtime")
            return $"Invalid value: '{type}'. Supported values are: 'realtime' and 'transcription'.";
        if (session["instructions"] is JsonValue instructions)
            Instructions = instructions.GetValue<string>();
        if (session["tools"] is JsonArray tools)
            Tools = tools.Select(t => t?["name"]?.GetValue<string>()).OfType<string>().ToList();
        var audio = session["audio"] as JsonObject;
        if (audio?["output"]?["voice"]?.GetValue<string>() is { } voice)
        {
            if (!Voices.Contains(voice))
                return $"Invalid value: '{voice}'. Supported values are: {string.Join(", ", Voices.Select(v => $"'{v}'"))}.";
            if (voice != Voice && audioProduced)
                return "Cannot update a conversation's voice if assistant audio is present.";
            Voice = voice;
        }
        if (audio?["input"] is JsonObject input)
        {
            if (input["format"] is JsonObject format && (format["type"]?.GetValue<string>() != "audio/pcm" || (format["rate"]?.GetValue<int>() ?? 24000) != 24000))
                return "The simulator speaks audio/pcm at 24000 Hz only.";
            if (input.ContainsKey("transcription"))
                TranscriptionModel = input["transcription"]?["model"]?.GetValue<string>();
            if (input.ContainsKey("turn_detection"))
                ApplyTurnDetection(input["turn_detection"] as JsonObject);
            if (input.ContainsKey("noise_reduction"))
            {
                var kind = input["noise_reduction"]?["type"]?.GetValue<string>();
                if (kind is not (null or "near_field" or "far_field"))
                    return $"Invalid value: '{kind}'. Supported values are: 'near_field' and 'far_field'.";
                NoiseReduction = kind;
            }
        }
        return null;
    }

    private void ApplyTurnDetection(JsonObject? detection)
    {
        TurnDetection = detection?["type"]?.GetValue<string>();
        if (detection is null)
            return;
        Threshold = detection["threshold"]?.GetValue<double>() ?? Threshold;
        PrefixPaddingMs = detection["prefix_padding_ms"]?.GetValue<int>() ?? PrefixPaddingMs;
        SilenceDurationMs = detection["silence_duration_ms"]?.GetValue<int>() ?? SilenceDurationMs;
        Eagerness = detection["eagerness"]?.GetValue<string>() ?? Eagerness;
        CreateResponse = detection["create_response"]?.GetValue<bool>() ?? true;
        InterruptResponse = detection["interrupt_response"]?.GetValue<bool>() ?? true;
    }
}
