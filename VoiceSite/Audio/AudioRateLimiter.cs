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
/// <see cref="RefillRate"/>x real time per live session and holds a burst (a tab waking up, a network hiccup). Chunks
/// beyond it are dropped; once <see cref="EndAfterDroppedMs"/> of audio has been dropped, the session should end.
/// Dropped audio is forgiven slowly (<see cref="ForgiveRate"/>), so rare bursts never add up to an ending.
/// </summary>
/// <remarks>
/// One per user (see <c>VoiceLimits.AudioFor</c>), kept across session restarts and reconnects: a restart gets no fresh
/// burst, and a flood right after a flood ends the new session at once. Hand-written rather than a
/// System.Threading.RateLimiting token bucket: it counts fractional milliseconds refilled continuously, and it must
/// know how much was refused (to decide when to end), which a rate limiter lease does not tell.
/// </remarks>
public sealed class AudioRateLimiter
{
    public const double BurstMs = 3_000;
    public const double RefillRate = 1.5;
    public const double EndAfterDroppedMs = 10_000;
    public const double ForgiveRate = 0.1;

    private readonly TimeProvider _clock;
    private double _tokensMs = BurstMs;
    private long _lastTimestamp;

    public AudioRateLimiter(TimeProvider clock)
    {
        _clock = clock;
        _lastTimestamp = clock.GetTimestamp();
    }

    public double DroppedMs { get; private set; }

    /// <param name="chunkMs">Length of the chunk offered.</param>
    /// <param name="liveSessions">The user's live sessions now: each may stream in real time.</param>
    public AudioRateDecision Offer(double chunkMs, int liveSessions = 1)
    {
        lock (this)
        {
            var now = _clock.GetTimestamp();
            var elapsedMs = _clock.GetElapsedTime(_lastTimestamp, now).TotalMilliseconds;
            var sessions = Math.Max(1, liveSessions);
            _tokensMs = Math.Min(BurstMs * sessions, _tokensMs + elapsedMs * RefillRate * sessions);
            DroppedMs = Math.Max(0, DroppedMs - elapsedMs * ForgiveRate);
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
