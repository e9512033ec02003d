namespace VoiceSite.Voice.Pipeline;

/// <summary>Azure Speech (REST). Flat names: AZURE_SPEECH_REGION, AZURE_SPEECH_KEY, AZURE_SPEECH_STT_ENDPOINT, AZURE_SPEECH_TTS_ENDPOINT.</summary>
public sealed class SpeechOptions
{
    public const string Section = "Speech";

    public string? Region { get; set; }
    public string? Key { get; set; }

    /// <summary>Base URL replacing <c>https://{region}.stt.speech.microsoft.com</c>.</summary>
    public string? SttEndpoint { get; set; }

    /// <summary>Base URL replacing <c>https://{region}.tts.speech.microsoft.com</c>.</summary>
    public string? TtsEndpoint { get; set; }

    /// <summary>Recognition language.</summary>
    public string Language { get; set; } = "en-US";

    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(Region) || !string.IsNullOrWhiteSpace(SttEndpoint) || !string.IsNullOrWhiteSpace(TtsEndpoint);

    public Uri? SttBaseUri => Base(SttEndpoint, "stt");
    public Uri? TtsBaseUri => Base(TtsEndpoint, "tts");

    private Uri? Base(string? overrideUrl, string service) =>
        !string.IsNullOrWhiteSpace(overrideUrl) ? new Uri(overrideUrl.TrimEnd('/') + "/")
        : !string.IsNullOrWhiteSpace(Region) ? new Uri($"https://{Region.Trim()}.{service}.speech.microsoft.com/")
        : null;
}
