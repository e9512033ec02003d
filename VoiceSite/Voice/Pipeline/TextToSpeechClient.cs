using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using VoiceSite.Voice.Upstream;

namespace VoiceSite.Voice.Pipeline;

/// <summary>
/// Azure Speech text-to-speech through REST (<c>POST {tts}cognitiveservices/v1</c>, SSML in,
/// <c>raw-24khz-16bit-mono-pcm</c> out), the audio forwarded as it arrives; and the voice list
/// (<c>GET {tts}cognitiveservices/voices/list</c>).
/// </summary>
/// <remarks>
/// Where the service is and its key come from <see cref="IUpstreamDirectory.TextToSpeech"/> (Azure, or the built-in
/// simulator). A typed <see cref="HttpClient"/> (registered by <c>AddPipelineClients</c>): resolve one per use.
/// </remarks>
public sealed class TextToSpeechClient(
    HttpClient http,
    IUpstreamDirectory upstreams,
    IOptions<SpeechOptions> options,
    TimeProvider time,
    ILogger<TextToSpeechClient> logger,
    IOptions<UpstreamTimeouts>? timeouts = null)
{
    private readonly UpstreamTimeouts _timeouts = timeouts?.Value ?? new UpstreamTimeouts();

    /// <summary>The audio format asked for: the rate of every stream between browser and site.</summary>
    public const string OutputFormat = "raw-24khz-16bit-mono-pcm";

    /// <summary>True when text-to-speech is configured (or simulated).</summary>
    public bool IsAvailable => upstreams.TextToSpeech is not null;

    /// <summary>
    /// Sends the synthesis request and waits for the answer's headers (HTTP errors are thrown here); the audio is then
    /// read from the returned <see cref="SynthesizedSpeech"/> as it arrives. Dispose it (stops the download).
    /// </summary>
    /// <param name="text">Plain text (escaped into SSML here).</param>
    /// <param name="voice">Azure neural voice short name, e.g. <c>en-US-JennyNeural</c>.</param>
    /// <param name="language"><c>xml:lang</c> of the SSML; default the voice's locale, else <see cref="SpeechOptions.Language"/>.</param>
    /// <exception cref="UpstreamException">Refused key, rate limit, unknown voice, service error, no connection, timeout.</exception>
    public async Task<SynthesizedSpeech> StartAsync(string text, string voice, string? language = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        ArgumentException.ThrowIfNullOrWhiteSpace(voice);
        var upstream = upstreams.TextToSpeech
            ?? throw new InvalidOperationException("Text to speech is not configured (AZURE_SPEECH_REGION / AZURE_SPEECH_KEY).");

        var ssml = Ssml.Build(text, voice, language ?? Ssml.LocaleOf(voice) ?? options.Value.Language);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(upstream.BaseUri, "cognitiveservices/v1"))
        {
            Content = new StringContent(ssml, Encoding.UTF8, "application/ssml+xml"),
        };
        request.Content.Headers.ContentType!.CharSet = null; // Azure documents plain "application/ssml+xml"
        request.Headers.Add("X-Microsoft-OutputFormat", OutputFormat);
        AddCommonHeaders(request, upstream);

        var started = time.GetTimestamp();
        HttpResponseMessage? response = null;
        using var headers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        headers.CancelAfter(_timeouts.Handshake);
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, headers.Token);
            if (!response.IsSuccessStatusCode)
                throw await UpstreamHttp.FromResponseAsync(UpstreamServiceKind.TextToSpeech, response, upstream, logger, cancellationToken);
            var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var speech = new SynthesizedSpeech(response, body, started, text.Length, voice, _timeouts.FirstEvent, time, logger);
            response = null; // owned by the speech now
            return speech;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failed(new UpstreamException(UpstreamServiceKind.TextToSpeech, UpstreamFailure.Timeout, innerException: e));
        }
        catch (Exception e) when (e is not UpstreamException && !(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            throw Failed(UpstreamHttp.FromException(UpstreamServiceKind.TextToSpeech, e));
        }
        catch (UpstreamException e)
        {
            throw Failed(e);
        }
        finally
        {
            response?.Dispose();
        }
    }

    /// <summary>Synthesizes and yields the audio (24 kHz PCM16, sample-aligned chunks) as it arrives.</summary>
    public async IAsyncEnumerable<ReadOnlyMemory<byte>> SynthesizeAsync(
        string text, string voice, string? language = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var speech = await StartAsync(text, voice, language, cancellationToken);
        await foreach (var chunk in speech.ReadAudioAsync(cancellationToken))
            yield return chunk;
    }

    /// <summary>The voices the service offers (uncached; <see cref="INeuralVoiceList"/> caches).</summary>
    /// <exception cref="UpstreamException">The list could not be fetched.</exception>
    public async Task<IReadOnlyList<NeuralVoice>> GetVoicesAsync(CancellationToken cancellationToken = default)
    {
        var upstream = upstreams.TextToSpeech
            ?? throw new InvalidOperationException("Text to speech is not configured (AZURE_SPEECH_REGION / AZURE_SPEECH_KEY).");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(upstream.BaseUri, "cognitiveservices/voices/list"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        AddCommonHeaders(request, upstream);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeouts.Handshake + _timeouts.FirstEvent);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
                throw await UpstreamHttp.FromResponseAsync(UpstreamServiceKind.TextToSpeech, response, upstream, logger, cancellationToken);
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            using var json = await JsonDocument.ParseAsync(body, cancellationToken: timeout.Token);
            return NeuralVoice.ParseList(json.RootElement);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failed(new UpstreamException(UpstreamServiceKind.TextToSpeech, UpstreamFailure.Timeout, innerException: e));
        }
        catch (Exception e) when (e is not UpstreamException && !(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            throw Failed(UpstreamHttp.FromException(UpstreamServiceKind.TextToSpeech, e));
        }
    }

    private static void AddCommonHeaders(HttpRequestMessage request, UpstreamService upstream)
    {
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("VoiceSite", null));
        if (upstream.ApiKey is { } key)
            request.Headers.Add("Ocp-Apim-Subscription-Key", key);
    }

    private UpstreamException Failed(UpstreamException error)
    {
        PipelineLog.UpstreamFailed(logger, UpstreamException.ServiceName(error.Service), error.Failure.ToString(), error);
        return error;
    }
}
