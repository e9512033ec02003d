using VoiceSite.Security;

namespace VoiceSite.Voice;

/// <summary>
/// A session's line to its browser: every call goes through unchanged except that configured secrets are blanked from
/// every text (an upstream that echoes request headers into a transcript reaches nobody), and speech in either direction
/// is noted for the idle limit.
/// </summary>
internal sealed class SessionClient(IVoiceClient inner, SecretValues secrets, TimeProvider clock) : IVoiceClient
{
    private long _lastActivity = clock.GetTimestamp();
    private int _userSpeaking;

    /// <summary>How long since anyone last spoke (zero while the user is speaking).</summary>
    public TimeSpan Idle => Volatile.Read(ref _userSpeaking) == 1 ? TimeSpan.Zero : clock.GetElapsedTime(Volatile.Read(ref _lastActivity));

    public Task Audio(ReadOnlyMemory<byte> pcm16)
    {
        Touch();
        return inner.Audio(pcm16);
    }

    public Task SpeechStarted()
    {
        Volatile.Write(ref _userSpeaking, 1);
        Touch();
        return inner.SpeechStarted();
    }

    public Task SpeechStopped()
    {
        Volatile.Write(ref _userSpeaking, 0);
        Touch();
        return inner.SpeechStopped();
    }

    public Task UserTranscript(string turnId, string text)
    {
        Touch();
        return inner.UserTranscript(turnId, secrets.Redact(text));
    }

    public Task AssistantTranscriptDelta(string turnId, string text)
    {
        Touch();
        return inner.AssistantTranscriptDelta(turnId, secrets.Redact(text));
    }

    public Task TurnCompleted(string turnId)
    {
        Touch();
        return inner.TurnCompleted(turnId);
    }

    public Task Error(string code, string message) => inner.Error(code, secrets.Redact(message));

    public Task SessionEnded(string reason) => inner.SessionEnded(secrets.Redact(reason));

    private void Touch() => Volatile.Write(ref _lastActivity, clock.GetTimestamp());
}
