using System.Text.Json;

namespace VoiceSite.Voice.Pipeline;

/// <summary>Azure's <c>RecognitionStatus</c> for a short-audio recognition.</summary>
public enum RecognitionStatus
{
    /// <summary>Speech was recognized: <see cref="SpeechRecognitionResult.Text"/> has it.</summary>
    Success,
    /// <summary>Speech was detected but nothing recognized: no turn.</summary>
    NoMatch,
    /// <summary>Only silence at the start of the audio: no turn.</summary>
    InitialSilenceTimeout,
    /// <summary>Only noise at the start of the audio: no turn.</summary>
    BabbleTimeout,
    /// <summary>The service failed to recognize; <see cref="SpeechRecognition.CompleteAsync"/> throws an <c>UpstreamException</c> for it instead of returning it.</summary>
    Error,
}

/// <summary>The outcome of one recognition.</summary>
/// <param name="Text">The display text (punctuated, capitalised); empty unless <see cref="Status"/> is Success.</param>
/// <param name="Offset">Where the recognized speech starts in the uploaded audio.</param>
/// <param name="Duration">Length of the recognized speech.</param>
/// <param name="Confidence">Of the best alternative (0..1), when the service gave one.</param>
/// <param name="AudioDuration">Audio uploaded (at the 24 kHz input rate).</param>
/// <param name="Latency">From <see cref="SpeechRecognition.CompleteAsync"/> (the last audio sent) to the result: the STT latency of the turn.</param>
public sealed record SpeechRecognitionResult(
    RecognitionStatus Status,
    string Text,
    TimeSpan Offset,
    TimeSpan Duration,
    double? Confidence,
    TimeSpan AudioDuration,
    TimeSpan Latency)
{
    /// <summary>True when there is something the user said; otherwise the caller records no turn.</summary>
    public bool HasSpeech => Status == RecognitionStatus.Success && !string.IsNullOrWhiteSpace(Text);

    /// <summary>Parses the JSON of the short-audio endpoint (simple or detailed format).</summary>
    internal static (RecognitionStatus Status, string? RawStatus, string Text, TimeSpan Offset, TimeSpan Duration, double? Confidence) Parse(JsonElement root)
    {
        var raw = root.TryGetProperty("RecognitionStatus", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        var status = raw switch
        {
            "Success" => RecognitionStatus.Success,
            "NoMatch" => RecognitionStatus.NoMatch,
            "InitialSilenceTimeout" => RecognitionStatus.InitialSilenceTimeout,
            "BabbleTimeout" => RecognitionStatus.BabbleTimeout,
            _ => RecognitionStatus.Error,
        };
        string? text = root.TryGetProperty("DisplayText", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        double? confidence = null;
        if (root.TryGetProperty("NBest", out var nbest) && nbest.ValueKind == JsonValueKind.Array && nbest.GetArrayLength() > 0)
        {
            var best = nbest[0];
            if (best.TryGetProperty("Confidence", out var c) && c.ValueKind == JsonValueKind.Number)
                confidence = c.GetDouble();
            if (text is null && best.TryGetProperty("Display", out var display) && display.ValueKind == JsonValueKind.String)
                text = display.GetString();
        }
        return (status, raw, status == RecognitionStatus.Success ? text ?? "" : "", Ticks(root, "Offset"), Ticks(root, "Duration"), confidence);
    }

    /// <summary>100-ns ticks, given as a number or (in some documented examples) a string.</summary>
    private static TimeSpan Ticks(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value))
            return TimeSpan.Zero;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n))
            return TimeSpan.FromTicks(n);
        if (value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), out var parsed))
            return TimeSpan.FromTicks(parsed);
        return TimeSpan.Zero;
    }
}
