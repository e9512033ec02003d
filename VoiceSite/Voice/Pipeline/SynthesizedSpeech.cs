using System.Runtime.CompilerServices;
using VoiceSite.Audio;
using VoiceSite.Voice.Upstream;

namespace VoiceSite.Voice.Pipeline;

/// <summary>
/// The answer to one synthesis request (from <see cref="TextToSpeechClient.StartAsync"/>): read its audio with
/// <see cref="ReadAudioAsync"/> as it streams in, then dispose (disposing early stops the download: barge-in).
/// </summary>
public sealed class SynthesizedSpeech : IAsyncDisposable
{
    private const int ReadSize = 4800; // 100 ms at 24 kHz

    private readonly HttpResponseMessage _response;
    private readonly Stream _body;
    private readonly long _started;
    private readonly int _characters;
    private readonly string _voice;
    private readonly TimeSpan _readTimeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private int _reading;

    internal SynthesizedSpeech(HttpResponseMessage response, Stream body, long started, int characters, string voice, TimeSpan readTimeout,
        TimeProvider time, ILogger logger)
    {
        _readTimeout = readTimeout;
        _response = response;
        _body = body;
        _started = started;
        _characters = characters;
        _voice = voice;
        _time = time;
        _logger = logger;
        TimeToHeaders = time.GetElapsedTime(started);
    }

    /// <summary>From sending the request to the answer's headers.</summary>
    public TimeSpan TimeToHeaders { get; }

    /// <summary>From sending the request to the first audio byte (the TTS time-to-first-byte); null until it arrives.</summary>
    public TimeSpan? TimeToFirstByte { get; private set; }

    /// <summary>Audio bytes received so far.</summary>
    public long BytesReceived { get; private set; }

    /// <summary>Length of the audio received so far.</summary>
    public TimeSpan AudioDuration => TimeSpan.FromMilliseconds(Pcm16.DurationMs(BytesReceived));

    /// <summary>
    /// The audio, 24 kHz PCM16 mono, in chunks as they arrive from the service (up to 100 ms each). Every chunk has an
    /// even length and is its own array (safe to keep or hand on). Can be enumerated once.
    /// </summary>
    /// <exception cref="UpstreamException">The connection dropped or stalled part-way (<see cref="UpstreamFailure.Dropped"/>, <see cref="UpstreamFailure.Timeout"/>).</exception>
    public async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAudioAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _reading, 1) != 0)
            throw new InvalidOperationException("The audio can be read once.");

        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var buffer = new byte[ReadSize + 1];
        var carried = 0; // an odd byte left from the previous read
        while (true)
        {
            int read;
            idle.CancelAfter(_readTimeout); // the first audio, then each further read (Timeouts:FirstEvent)
            try
            {
                read = await _body.ReadAsync(buffer.AsMemory(carried, ReadSize), idle.Token);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (OperationCanceledException e)
            {
                throw Failed(new UpstreamException(UpstreamServiceKind.TextToSpeech, UpstreamFailure.Timeout, innerException: e));
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                throw Failed(new UpstreamException(UpstreamServiceKind.TextToSpeech, UpstreamFailure.Dropped, innerException: e));
            }
            if (read == 0)
                break;

            if (TimeToFirstByte is null)
            {
                TimeToFirstByte = _time.GetElapsedTime(_started);
                PipelineLog.SynthesisFirstByte(_logger, _characters, _voice, TimeToFirstByte.Value.TotalMilliseconds);
            }
            BytesReceived += read;
            var available = carried + read;
            var even = available & ~1;
            if (even > 0)
                yield return buffer.AsSpan(0, even).ToArray();
            carried = available - even;
            if (carried == 1)
                buffer[0] = buffer[even];
        }
        PipelineLog.SynthesisDone(_logger, BytesReceived, AudioDuration.TotalMilliseconds);
    }

    public async ValueTask DisposeAsync()
    {
        await _body.DisposeAsync();
        _response.Dispose();
    }

    private UpstreamException Failed(UpstreamException error)
    {
        PipelineLog.UpstreamFailed(_logger, UpstreamException.ServiceName(error.Service), error.Failure.ToString(), error);
        return error;
    }
}
