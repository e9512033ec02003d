using System.IO.Pipelines;
using System.Text.Json;
using VoiceSite.Audio;
using VoiceSite.Voice.Upstream;

namespace VoiceSite.Voice.Pipeline;

/// <summary>
/// One recognition in progress (from <see cref="SpeechToTextClient.StartAsync"/>): push the user's audio while they
/// speak, then <see cref="CompleteAsync"/> for the result, or <see cref="Abort"/> to drop it. Dispose it in every case.
/// </summary>
/// <remarks>
/// Use from one flow at a time (push, push, ..., complete); <see cref="Abort"/> may be called from anywhere.
/// Upstream failures while uploading (refused key, dropped connection) do not throw from <see cref="PushAsync"/>; the
/// audio is then discarded and <see cref="CompleteAsync"/> throws the <see cref="UpstreamException"/>.
/// </remarks>
public sealed class SpeechRecognition : IAsyncDisposable
{
    private static readonly int MaxInputSamples = SpeechToTextClient.SamplesOf(SpeechToTextClient.MaxAudio);

    private readonly PipeWriter _writer;
    private readonly UpstreamService _upstream;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _cts = new();
    private readonly Resampler24To16 _resampler = new();
    private readonly Task<(RecognitionStatus, string?, string, TimeSpan, TimeSpan, double?)> _send;
    private readonly TimeSpan _resultTimeout;
    private long _inputSamples;
    private int _state; // 0 open, 1 completing/completed, 2 aborted
    private bool _readerGone;

    internal SpeechRecognition(
        HttpClient http, HttpRequestMessage request, PipeWriter writer, UpstreamService upstream, string language,
        TimeSpan resultTimeout, TimeProvider time, ILogger logger)
    {
        _resultTimeout = resultTimeout;
        _writer = writer;
        _upstream = upstream;
        _time = time;
        _logger = logger;
        Language = language;
        // Nothing stays in flight forever: audio is capped at 59 s, the result is awaited for at most the result timeout.
        _cts.CancelAfter(SpeechToTextClient.MaxAudio + resultTimeout + TimeSpan.FromSeconds(15));

        // The streaming WAV header (length unknown) is the first chunk of the body.
        WavHeader.Write(_writer.GetSpan(WavHeader.Size), Resampler24To16.OutputRate);
        _writer.Advance(WavHeader.Size);
        _send = SendAsync(http, request, _cts.Token);
    }

    /// <summary>Makes the header written by the constructor visible to the upload.</summary>
    internal async ValueTask<SpeechRecognition> OpenAsync()
    {
        await _writer.FlushAsync(); // never waits: the pipe has no back-pressure
        return this;
    }

    public string Language { get; }

    /// <summary>Audio pushed so far.</summary>
    public TimeSpan AudioDuration => TimeSpan.FromSeconds(_inputSamples / (double)Pcm16.SampleRate);

    /// <summary>How much more audio this recognition accepts (see <see cref="SpeechToTextClient.MaxAudio"/>).</summary>
    public TimeSpan RemainingAudio => SpeechToTextClient.MaxAudio - AudioDuration;

    /// <summary>True once the upload has ended early because of an upstream failure (the error comes from <see cref="CompleteAsync"/>).</summary>
    public bool HasFailed => _send.IsFaulted;

    /// <summary>
    /// Adds audio: 24 kHz PCM16 mono, even length, any chunk size. It is resampled to 16 kHz and sent at once.
    /// </summary>
    /// <exception cref="InvalidOperationException">After <see cref="CompleteAsync"/>, or past <see cref="SpeechToTextClient.MaxAudio"/> (split longer speech).</exception>
    public async ValueTask PushAsync(ReadOnlyMemory<byte> pcm24k, CancellationToken cancellationToken = default)
    {
        if (pcm24k.Length % Pcm16.BytesPerSample != 0)
            throw new ArgumentException("PCM16 audio must have an even number of bytes.", nameof(pcm24k));
        if (Volatile.Read(ref _state) == 2)
            return; // aborted: nobody wants the result
        if (_state == 1)
            throw new InvalidOperationException("The recognition is already complete.");
        var samples = pcm24k.Length / Pcm16.BytesPerSample;
        if (_inputSamples + samples > MaxInputSamples)
            throw new InvalidOperationException(
                $"A recognition takes at most {SpeechToTextClient.MaxAudio.TotalSeconds:0} s of audio (Azure's limit is 60 s); complete it and start another.");
        _inputSamples += samples;
        if (_readerGone || _send.IsCompleted)
            return; // the request failed or ended; CompleteAsync reports why

        var span = _writer.GetSpan(Resampler24To16.MaxOutputBytes(pcm24k.Length));
        _writer.Advance(_resampler.Process(pcm24k.Span, span));
        var flush = await _writer.FlushAsync(cancellationToken);
        _readerGone = flush.IsCompleted;
    }

    /// <summary>
    /// Ends the upload (the user stopped speaking) and waits for the result. NoMatch and the timeouts come back as a
    /// result with <see cref="SpeechRecognitionResult.HasSpeech"/> false: no turn.
    /// </summary>
    /// <exception cref="UpstreamException">Refused key, rate limit, service error, no connection, timeout, dropped connection.</exception>
    public async Task<SpeechRecognitionResult> CompleteAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
            throw new InvalidOperationException(_state == 2 ? "The recognition was aborted." : "The recognition is already complete.");

        if (!_readerGone && !_send.IsCompleted)
        {
            var span = _writer.GetSpan(Resampler24To16.MaxOutputBytes(0));
            _writer.Advance(_resampler.Flush(span));
        }
        await _writer.CompleteAsync();
        var completedAt = _time.GetTimestamp();

        try
        {
            var (status, raw, text, offset, duration, confidence) =
                await _send.WaitAsync(_resultTimeout, _time, cancellationToken);
            var latency = _time.GetElapsedTime(completedAt);
            PipelineLog.RecognitionCompleted(_logger, raw ?? "(none)", AudioDuration.TotalMilliseconds, latency.TotalMilliseconds);
            if (status == RecognitionStatus.Error)
                throw Failed(raw switch
                {
                    "TooManyRequests" => UpstreamException.FromStatus(UpstreamServiceKind.SpeechToText, 429),
                    "BadRequest" => UpstreamException.FromStatus(UpstreamServiceKind.SpeechToText, 400),
                    "Forbidden" => UpstreamException.FromStatus(UpstreamServiceKind.SpeechToText, 403),
                    _ => new UpstreamException(UpstreamServiceKind.SpeechToText, UpstreamFailure.ServiceError,
                        detail: raw is null ? "no recognition status" : "recognition status " + raw),
                });
            return new SpeechRecognitionResult(status, text, offset, duration, confidence, AudioDuration, latency);
        }
        catch (TimeoutException e)
        {
            await _cts.CancelAsync();
            throw Failed(new UpstreamException(UpstreamServiceKind.SpeechToText, UpstreamFailure.Timeout, innerException: e));
        }
    }

    /// <summary>Drops the recognition: the request is cancelled and no result will come. Safe to call at any time, more than once.</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _state, 2) == 2 || _send.IsCompleted)
            return;
        PipelineLog.RecognitionAborted(_logger, AudioDuration.TotalMilliseconds);
        try { _cts.Cancel(); } catch (ObjectDisposedException) { }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_send.IsCompleted)
            Abort(); // also after a CompleteAsync that was cancelled or timed out: nobody waits for that answer
        else
            Volatile.Write(ref _state, 2);
        try
        {
            await _send; // observed, whatever happened
        }
        catch (Exception e) when (e is OperationCanceledException or UpstreamException)
        {
        }
        await _writer.CompleteAsync();
        _cts.Dispose();
    }

    private async Task<(RecognitionStatus, string?, string, TimeSpan, TimeSpan, double?)> SendAsync(
        HttpClient http, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await Task.Yield(); // let the constructor return before any network work
        using var _ = request;
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw await UpstreamHttp.FromResponseAsync(UpstreamServiceKind.SpeechToText, response, _upstream, _logger, cancellationToken);
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
            return SpeechRecognitionResult.Parse(json.RootElement);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && Volatile.Read(ref _state) == 2)
        {
            throw; // aborted by the caller
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            throw Failed(new UpstreamException(UpstreamServiceKind.SpeechToText, UpstreamFailure.Timeout, innerException: e));
        }
        catch (Exception e) when (e is not UpstreamException)
        {
            var connected = request.Content is PipeContent { BodyStarted.IsCompleted: true };
            throw Failed(UpstreamHttp.FromException(UpstreamServiceKind.SpeechToText, e, answerStarted: connected));
        }
    }

    private UpstreamException Failed(UpstreamException error)
    {
        PipelineLog.UpstreamFailed(_logger, UpstreamException.ServiceName(error.Service), error.Failure.ToString(), error);
        return error;
    }
}
