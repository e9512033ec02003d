using VoiceSite.Limits;
using VoiceSite.Recordings;

namespace VoiceSite.Voice;

/// <summary>One live session as <see cref="VoiceSessions"/> keeps it.</summary>
public sealed class LiveSession
{
    private readonly TimeProvider _clock;
    private long _chargedAt;

    internal LiveSession(string connectionId, string userId, Guid conversationId, IVoiceSession session, SessionClient client, LiveLease place,
        ErrorThrottle errors, TimeProvider clock, SessionRecorder recorder)
    {
        Recorder = recorder;
        ConnectionId = connectionId;
        ConversationId = conversationId;
        UserId = userId;
        Session = session;
        Client = client;
        Place = place;
        Errors = errors;
        _clock = clock;
        StartedAt = _chargedAt = clock.GetTimestamp();
    }

    public string ConnectionId { get; }
    public string UserId { get; }
    public Guid ConversationId { get; }
    public IVoiceSession Session { get; }
    internal SessionClient Client { get; }
    /// <summary>The session's place among its user's live sessions (a row in the database, renewed while it lives).</summary>
    internal LiveLease Place { get; }
    internal ErrorThrottle Errors { get; }

    /// <summary>Records the session's audio; <see cref="SessionRecorder.None"/> when recording is off.</summary>
    internal SessionRecorder Recorder { get; }
    public long StartedAt { get; }

    public TimeSpan Age => _clock.GetElapsedTime(StartedAt);

    /// <summary>How long since anyone spoke in this session.</summary>
    public TimeSpan Idle => Client.Idle;

    /// <summary>The live time not yet added to the user's day; from now on it counts as added.</summary>
    public TimeSpan TakeUncharged()
    {
        var now = _clock.GetTimestamp();
        var last = Interlocked.Exchange(ref _chargedAt, now);
        return _clock.GetElapsedTime(last, now);
    }
}
