using VoiceSite.Voice.Upstream;

namespace VoiceSite.Voice.Pipeline;

/// <summary>The Azure neural voices people can choose for the pipeline mode.</summary>
public interface INeuralVoiceList
{
    /// <summary>
    /// The service's own list when Azure text-to-speech is configured (cached for <see cref="NeuralVoiceList.CacheFor"/>),
    /// otherwise, or when the list cannot be fetched, <see cref="NeuralVoiceList.Fallback"/>. Never throws for upstream
    /// failures.
    /// </summary>
    Task<IReadOnlyList<NeuralVoice>> GetVoicesAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// <see cref="INeuralVoiceList"/>: the live list from <c>voices/list</c> for a real (not simulated) text-to-speech
/// service, cached; a fixed list of widely available voices otherwise. A singleton.
/// </summary>
public sealed class NeuralVoiceList(
    IUpstreamDirectory upstreams,
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<NeuralVoiceList> logger) : INeuralVoiceList
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromHours(6);

    /// <summary>After a failed fetch the fallback is served this long before trying again.</summary>
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromMinutes(2);

    /// <summary>The voice used when nothing else is chosen; in every region and in <see cref="Fallback"/>.</summary>
    public const string DefaultVoice = "en-US-JennyNeural";

    /// <summary>Generally available neural voices in all public regions (a fixed choice for when no list can be fetched).</summary>
    public static readonly IReadOnlyList<NeuralVoice> Fallback =
    [
        new("en-US-JennyNeural", "Jenny", "en-US", "Female", "English (United States)"),
        new("en-US-GuyNeural", "Guy", "en-US", "Male", "English (United States)"),
        new("en-US-AriaNeural", "Aria", "en-US", "Female", "English (United States)"),
        new("en-US-DavisNeural", "Davis", "en-US", "Male", "English (United States)"),
        new("en-US-AvaMultilingualNeural", "Ava Multilingual", "en-US", "Female", "English (United States)"),
        new("en-US-AndrewMultilingualNeural", "Andrew Multilingual", "en-US", "Male", "English (United States)"),
        new("en-US-EmmaMultilingualNeural", "Emma Multilingual", "en-US", "Female", "English (United States)"),
        new("en-US-BrianMultilingualNeural", "Brian Multilingual", "en-US", "Male", "English (United States)"),
        new("en-GB-SoniaNeural", "Sonia", "en-GB", "Female", "English (United Kingdom)"),
        new("en-GB-RyanNeural", "Ryan", "en-GB", "Male", "English (United Kingdom)"),
        new("en-AU-NatashaNeural", "Natasha", "en-AU", "Female", "English (Australia)"),
        new("en-AU-WilliamNeural", "William", "en-AU", "Male", "English (Australia)"),
        new("de-DE-KatjaNeural", "Katja", "de-DE", "Female", "German (Germany)"),
        new("de-DE-ConradNeural", "Conrad", "de-DE", "Male", "German (Germany)"),
        new("fr-FR-DeniseNeural", "Denise", "fr-FR", "Female", "French (France)"),
        new("fr-FR-HenriNeural", "Henri", "fr-FR", "Male", "French (France)"),
        new("es-ES-ElviraNeural", "Elvira", "es-ES", "Female", "Spanish (Spain)"),
        new("es-ES-AlvaroNeural", "Alvaro", "es-ES", "Male", "Spanish (Spain)"),
        new("it-IT-ElsaNeural", "Elsa", "it-IT", "Female", "Italian (Italy)"),
        new("it-IT-DiegoNeural", "Diego", "it-IT", "Male", "Italian (Italy)"),
        new("nl-NL-FennaNeural", "Fenna", "nl-NL", "Female", "Dutch (Netherlands)"),
        new("nl-NL-MaartenNeural", "Maarten", "nl-NL", "Male", "Dutch (Netherlands)"),
    ];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyList<NeuralVoice>? _cached;
    private DateTimeOffset _expires;

    public async Task<IReadOnlyList<NeuralVoice>> GetVoicesAsync(CancellationToken cancellationToken = default)
    {
        if (upstreams.TextToSpeech is not { Simulated: false })
            return Fallback;
        if (_cached is { } fresh && time.GetUtcNow() < _expires)
            return fresh;

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } other && time.GetUtcNow() < _expires)
                return other;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var client = scope.ServiceProvider.GetRequiredService<TextToSpeechClient>();
                var voices = await client.GetVoicesAsync(cancellationToken);
                if (voices.Count == 0)
                    throw new UpstreamException(UpstreamServiceKind.TextToSpeech, UpstreamFailure.InvalidResponse, detail: "empty voice list");
                PipelineLog.VoicesLoaded(logger, voices.Count);
                (_cached, _expires) = (voices, time.GetUtcNow() + CacheFor);
            }
            catch (UpstreamException e)
            {
                PipelineLog.VoicesFallback(logger, e.Message);
                (_cached, _expires) = (Fallback, time.GetUtcNow() + RetryAfterFailure);
            }
            return _cached;
        }
        finally
        {
            _gate.Release();
        }
    }
}
