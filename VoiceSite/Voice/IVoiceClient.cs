namespace VoiceSite.Voice;

/// <summary>Server -> browser calls of the voice hub (fixed contract, see DESIGN.md).</summary>
public interface IVoiceClient
{
    /// <summary>Assistant audio: PCM16 little-endian, mono, 24 kHz.</summary>
    Task Audio(byte[] pcm16);
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

/// <summary>Codes sent with <see cref="IVoiceClient.Error"/>.</summary>
public static class VoiceErrorCodes
{
    public const string NoSession = "no_session";
    public const string BadAudio = "bad_audio";
    public const string AudioTooFast = "audio_too_fast";
    public const string Upstream = "upstream_error";
    public const string UpstreamLost = "upstream_lost";
    public const string RateLimited = "rate_limited";
    public const string Storage = "storage_error";
    public const string BadRequest = "bad_request";

    /// <summary>Speech was heard but no words were recognized in it; nothing is stored.</summary>
    public const string NoMatch = "no_match";

    /// <summary>The conversation's session moved to another tab or window; this one must not resume by itself.</summary>
    public const string TakenOver = "taken_over";

    /// <summary>This server is going away (restart, scale-in): the browser reconnects at once and resumes elsewhere.</summary>
    public const string ServerMoving = "server_moving";

    /// <summary>The conversation was deleted while its session was live; the session ended.</summary>
    public const string ConversationDeleted = "conversation_deleted";
}
