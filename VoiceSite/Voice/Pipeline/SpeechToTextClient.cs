using System.IO.Pipelines;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using VoiceSite.Audio;
using VoiceSite.Voice.Upstream;

namespace VoiceSite.Voice.Pipeline;

/// <summary>
/// Azure Speech speech-to-text through the REST API for short audio
/// (<c>POST {stt}speech/recognition/conversation/cognitiveservices/v1?language=..&amp;format=detailed</c>), with the audio
/// uploaded while the user speaks: <see cref="StartAsync"/> opens the request when speech starts, the caller pushes
/// 24 kHz PCM16 as it arrives (resampled to 16 kHz and sent at once, chunked, behind a streaming WAV header), and
/// <see cref="SpeechRecognition.CompleteAsync"/> ends the upload when speech stops and returns the result.
/// </summary>
/// <remarks>
/// Where the service is and its key come from <see cref="IUpstreamDirectory.SpeechToText"/> (Azure, or the built-in
/// simulator). A typed <see cref="HttpClient"/> (registered by <c>AddPipelineClients</c>): resolve one per use.
/// </remarks>
public sealed class SpeechToTextClient(
    HttpClient http,
    IUpstreamDirectory upstreams,
    IOptions<SpeechOptions> options,
    TimeProvider time,
    ILogger<SpeechToTextClient> logger,
    IOptions<UpstreamTimeouts>? timeouts = null)
{
    private readonly UpstreamTimeouts _timeouts = timeouts?.Value ?? new UpstreamTimeouts();

    /// <summary>
    /// Most audio one recognition accepts. Azure refuses requests with more than 60 s of audio; the limit leaves a
    /// second of margin. The pipeline session ends a recognition and starts the next one at 55 s of continuous speech.
    /// </summary>
    public static readonly TimeSpan MaxAudio = TimeSpan.FromSeconds(59);

    /// <summary>Longest wait for the result once the audio is complete (default of the <c>Timeouts:FirstEvent</c> setting).</summary>
    public static readonly TimeSpan ResultTimeout = new UpstreamTimeouts().FirstEvent;

    /// <summary>True when speech-to-text is configured (or simulated).</summary>
    public bool IsAvailable => upstreams.SpeechToText is not null;

    /// <summary>
    /// Opens a recognition: the request goes out at once (connection, headers, then the WAV header as the first chunk);
    /// audio pushed before the connection is up is buffered. Connection and HTTP errors surface from
    /// <see cref="SpeechRecognition.CompleteAsync"/>.
    /// </summary>
    /// <param name="language">BCP-47 recognition language; default <see cref="SpeechOptions.Language"/>.</param>
    /// <exception cref="InvalidOperationException">Speech-to-text is not configured.</exception>
    public ValueTask<SpeechRecognition> StartAsync(string? language = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var upstream = upstreams.SpeechToText
            ?? throw new InvalidOperationException("Speech to text is not configured (AZURE_SPEECH_REGION / AZURE_SPEECH_KEY).");
        language = string.IsNullOrWhiteSpace(language) ? options.Value.Language : language.Trim();

        var uri = new Uri(upstream.BaseUri,
            $"speech/recognition/conversation/cognitiveservices/v1?language={Uri.EscapeDataString(language)}&format=detailed");
        // No back-pressure: audio arrives in real time and is capped at MaxAudio (under 2 MB at 16 kHz).
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false));
        var content = new PipeContent(pipe.Reader);
        // The '/' in "codecs=audio/pcm" is not a valid token, so the header is added without parsing.
        content.Headers.TryAddWithoutValidation("Content-Type", "audio/wav; codecs=audio/pcm; samplerate=16000");
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.ExpectContinue = true; // Azure: required with chunked audio
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (upstream.ApiKey is { } key)
            request.Headers.Add("Ocp-Apim-Subscription-Key", key);

        PipelineLog.RecognitionStarted(logger, language);
        return new SpeechRecognition(http, request, pipe.Writer, upstream, language, _timeouts.FirstEvent, time, logger).OpenAsync();
    }

    /// <summary>Recognizes a whole 24 kHz PCM16 clip in one go (push, complete). For tests and tools.</summary>
    public async Task<SpeechRecognitionResult> RecognizeAsync(ReadOnlyMemory<byte> pcm24k, string? language = null, CancellationToken cancellationToken = default)
    {
        await using var recognition = await StartAsync(language, cancellationToken);
        await recognition.PushAsync(pcm24k, cancellationToken);
        return await recognition.CompleteAsync(cancellationToken);
    }

    internal static int SamplesOf(TimeSpan duration) => (int)(duration.TotalSeconds * Pcm16.SampleRate);
}
