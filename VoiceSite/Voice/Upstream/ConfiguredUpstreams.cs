using Microsoft.Extensions.Options;
using VoiceSite.Voice.Pipeline;
using VoiceSite.Voice.Realtime;

namespace VoiceSite.Voice.Upstream;

/// <summary>The upstream services as the settings describe them (Azure, or any compatible endpoint).</summary>
public sealed class ConfiguredUpstreams(
    IOptions<RealtimeOptions> realtime,
    IOptions<ChatOptions> chat,
    IOptions<SpeechOptions> speech) : IUpstreamDirectory
{
    public UpstreamService? Realtime { get; } = realtime.Value.IsConfigured
        ? new UpstreamService(WithSlash(realtime.Value.Endpoint!), Blank(realtime.Value.Key), Simulated: false) : null;

    public UpstreamService? Chat { get; } = chat.Value.IsConfigured
        ? new UpstreamService(WithSlash(chat.Value.Endpoint!), Blank(chat.Value.Key), Simulated: false) : null;

    public UpstreamService? SpeechToText { get; } = speech.Value.SttBaseUri is { } stt
        ? new UpstreamService(stt, Blank(speech.Value.Key), Simulated: false) : null;

    public UpstreamService? TextToSpeech { get; } = speech.Value.TtsBaseUri is { } tts
        ? new UpstreamService(tts, Blank(speech.Value.Key), Simulated: false) : null;

    private static Uri WithSlash(string url) => new(url.TrimEnd('/') + "/");

    private static string? Blank(string? key) => string.IsNullOrWhiteSpace(key) ? null : key.Trim();
}
