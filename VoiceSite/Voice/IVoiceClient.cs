using VoiceSite.Voice.Upstream;

namespace VoiceSite.Voice;

/// <summary>Server -> browser calls of the voice hub (fixed contract, see DESIGN.md).</summary>
public interface IVoiceClient
{
    /// <summary>
    /// Assistant audio: PCM16 little-endian, mono, 24 kHz; on the wire a byte array as before (MessagePack bin, JSON
    /// base64). The memory may be a pooled buffer reused once the returned task completes.
    /// </summary>
    Task Audio(ReadOnlyMemory<byte> pcm16);
    Task SpeechStarted();
    Task SpeechStopped();
    Task UserTranscript(string turnId, string text);
    Task AssistantTranscriptDelta(string turnId, string text);

    /// <summary>The turn is stored; the transcript partial can be refreshed.</summary>
    Task TurnCompleted(string turnId);
    Task Error(string code, string message);
    Task SessionEnded(string reason);
}

/// <summary>Answer to <c>StartSession</c>.</summary>
public sealed record SessionInfo(string Mode, int SampleRate);

/// <summary>
/// Codes sent with <see cref="IVoiceClient.Error"/>: one snake_case scheme for both modes (README, "Error codes").
/// The message beside a code is a fixed, readable text; it names the service, never repeats what an upstream said.
/// </summary>
public static class VoiceErrorCodes
{
    public const string NoSession = "no_session";
    public const string BadAudio = "bad_audio";
    public const string AudioTooFast = "audio_too_fast";
    public const string BadRequest = "bad_request";
    public const string Storage = "storage_error";

    /// <summary>Speech was heard but no words were recognized in it; nothing is stored.</summary>
    public const string NoMatch = "no_match";

    /// <summary>The conversation's session moved to another tab or window; this one must not resume by itself.</summary>
    public const string TakenOver = "taken_over";

    /// <summary>This server is going away (restart, scale-in): the browser reconnects at once and resumes elsewhere.</summary>
    public const string ServerMoving = "server_moving";

    /// <summary>The conversation was deleted while its session was live; the session ended.</summary>
    public const string ConversationDeleted = "conversation_deleted";

    // Upstream failures (realtime, speech to text, chat, text to speech), mapped from UpstreamFailure by ForUpstream.
    /// <summary>The service failed, refused a request as invalid, or answered something unreadable.</summary>
    public const string Upstream = "upstream_error";
    /// <summary>The connection to the service was lost (realtime: the session ended; pipeline: during an answer).</summary>
    public const string UpstreamLost = "upstream_lost";
    /// <summary>The service is rate limiting (429 or its own rate-limit error).</summary>
    public const string RateLimited = "rate_limited";
    /// <summary>The service refused the key or identity: a setting to fix, not something the user can do.</summary>
    public const string UpstreamUnauthorized = "upstream_unauthorized";
    /// <summary>The service could not be reached.</summary>
    public const string UpstreamUnreachable = "upstream_unreachable";
    /// <summary>The service did not connect, answer or start in time (the Timeouts settings).</summary>
    public const string UpstreamTimeout = "upstream_timeout";

    // Limits (the VoiceLimits settings) that end a live session; each comes with SessionEnded(reason).
    public const string SessionLengthLimit = "limit_session_length";
    public const string IdleLimit = "limit_idle";
    public const string DailyLimit = "limit_daily_minutes";
    /// <summary>The session's place among the user's live sessions lapsed (its server lost the database) and none is free now.</summary>
    public const string LiveSessionLimit = "limit_live_sessions";
    /// <summary>The account signed out, was locked, or its sign-in was otherwise revoked.</summary>
    public const string SignedOut = "signed_out";

    public static string ForUpstream(UpstreamFailure failure) => failure switch
    {
        UpstreamFailure.Unauthorized => UpstreamUnauthorized,
        UpstreamFailure.RateLimited => RateLimited,
        UpstreamFailure.Unreachable => UpstreamUnreachable,
        UpstreamFailure.Timeout => UpstreamTimeout,
        UpstreamFailure.Dropped => UpstreamLost,
        _ => Upstream,
    };
}
