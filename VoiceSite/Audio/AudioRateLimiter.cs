namespace VoiceSite.Audio;

public enum AudioRateDecision
{
    Accept,
    /// <summary>Drop this chunk: audio is arriving faster than real time.</summary>
    Drop,
    /// <summary>Too much has been dropped: end the session.</summary>
    End,
}

/// <summary>
/// Keeps microphone audio near real time: a token bucket of audio milliseconds that refills at
/// <see cref="RefillRate"/>x real time and holds a burst (a tab waking up, a network hiccup). Chunks beyond it
/// are dropped; once <see cref="EndAfterDroppedMs"/> of audio has been dropped, the session should end.
/// </summary>
public sealed class AudioRateLimiter
{
    public const double BurstMs = 3_000;
    public const double RefillRate = 1.5;
    public const double EndAfterDroppedMs = 10_000;

    private readonly TimeProvider _clock;
    private double _tokensMs = BurstMs;
    private long _lastTimestamp;

    public AudioRateLimiter(TimeProvider clock)
    {
        _clock = clock;
        _lastTimestamp = clock.GetTimestamp();
    }

    public double DroppedMs { get; private set; }

    public AudioRateDecision Offer(double chunkMs)
    {
        lock (this)
        {
            var now = _clock.GetTimestamp();
            _tokensMs = Math.Min(BurstMs, _tokensMs + _clock.GetElapsedTime(_lastTimestamp, now).TotalMilliseconds * RefillRate);
            _lastTimestamp = now;
            if (_tokensMs >= chunkMs)
            {
                _tokensMs -= chunkMs;
                return AudioRateDecision.Accept;
            }
            DroppedMs += chunkMs;
            return DroppedMs >= EndAfterDroppedMs ? AudioRateDecision.End : AudioRateDecision.Drop;
        }
    }
}
