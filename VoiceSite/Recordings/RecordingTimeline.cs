using System.Buffers;

namespace VoiceSite.Recordings;

/// <summary>
/// Places both voices of a session on one timeline (24 kHz samples from the session start) and mixes them:
/// <list type="bullet">
/// <item>What the learner said is placed as it arrives: the browser streams the microphone continuously at real time,
/// so each chunk follows the previous one without a gap, unless the browser really paused (muted, push to talk):
/// then it goes where it was captured, ending at its arrival (see <see cref="Settle"/>).</item>
/// <item>What the learner heard arrives faster than real time, in bursts, and the browser plays it back to back from
/// the moment its first chunk arrives; so each reply's audio goes contiguously from the arrival of its first chunk,
/// or from the end of the reply audio before it when that is later.</item>
/// <item>A barge-in cuts the turn after the milliseconds the browser says it played of it (counted in the turn's own
/// samples, as the browser counts them); the next reply starts where the cut one stopped, or later.</item>
/// </list>
/// Mixing runs behind real time (see <see cref="SessionRecorder"/>), so a cut always lands in audio not yet mixed.
/// </summary>
internal sealed class RecordingTimeline
{
    public const int SampleRate = 24_000;

    /// <summary>A later arrival than this past the end of the voice's audio starts a new stretch at the arrival.</summary>
    public const int GapSamples = SampleRate / 10; // 100 ms: more than jitter, less than a pause anyone notices

    /// <summary>User audio is placed once this much audio after it has arrived (the mixing runs further behind).</summary>
    public const int LookaheadSamples = SampleRate / 2;

    private readonly AudioTrack _user = new();
    private readonly AudioTrack _assistant = new();
    private Guid _turn;
    private long _turnSamples;
    private bool _turnCut;
    private bool _userStarted;
    private readonly List<(long Arrival, byte[] Buffer, int Bytes)> _pendingUser = [];

    /// <summary>Samples already mixed out; nothing can be placed before this.</summary>
    public long Mixed { get; private set; }

    /// <summary>End of the assistant audio placed so far (may be ahead of real time).</summary>
    public long AssistantEnd => _assistant.End;

    /// <summary>End of the user audio placed so far (see <see cref="Settle"/>).</summary>
    public long UserEnd => _user.End;

    /// <summary>Takes user audio that arrived at <paramref name="arrival"/> (and the rented buffer); it is placed once the audio after it is known.</summary>
    public void AddUser(long arrival, byte[] buffer, int bytes)
    {
        _pendingUser.Add((arrival, buffer, bytes & ~1));
        Settle(arrival);
    }

    /// <summary>
    /// Places the user audio that arrived at least <see cref="LookaheadSamples"/> before <paramref name="now"/> (all of it
    /// for <see cref="long.MaxValue"/>). The microphone streams without gaps, so a chunk goes right after the one before
    /// it, unless it and every chunk after it arrived later than that: then the browser really paused (muted, push to
    /// talk) and it goes where it was captured. A network or server stall delays a chunk, but the burst after it
    /// arrives early, so a stall leaves no gap.
    /// </summary>
    public void Settle(long now)
    {
        while (_pendingUser.Count > 0 && (now == long.MaxValue || _pendingUser[0].Arrival <= now - LookaheadSamples))
        {
            var (arrival, buffer, bytes) = _pendingUser[0];
            _pendingUser.RemoveAt(0);
            // The latest start that every chunk known after it allows, had they been captured back to back.
            var latest = arrival - bytes / 2;
            var after = (long)bytes / 2;
            foreach (var (laterArrival, _, laterBytes) in _pendingUser)
            {
                latest = Math.Min(latest, laterArrival - laterBytes / 2 - after);
                after += laterBytes / 2;
            }
            latest = Math.Max(0, latest);
            var start = !_userStarted || latest > _user.End + GapSamples ? Math.Max(latest, _user.End) : _user.End;
            _user.Add(Math.Max(start, Mixed), buffer, bytes);
            _userStarted = true;
        }
    }

    /// <summary>Places assistant audio of <paramref name="turn"/> that arrived at <paramref name="arrival"/> (takes the rented buffer).</summary>
    public void AddAssistant(Guid turn, long arrival, byte[] buffer, int bytes)
    {
        if (turn != _turn)
        {
            _turn = turn;
            _turnSamples = 0;
            _turnCut = false;
        }
        if (_turnCut)
        {
            // The browser flushed this turn; what the reply still sends is never heard.
            ArrayPool<byte>.Shared.Return(buffer);
            return;
        }
        // A turn plays back to back from the arrival of its first chunk (or the end of the audio before it, if later):
        // its audio then occupies exactly its stored length from there, so a turn's place and length in the
        // recording match the stored turn even when the reply arrives in fits and starts.
        var start = _turnSamples == 0 ? Math.Max(arrival, _assistant.End) : _assistant.End;
        start = Math.Max(start, Mixed);
        _assistant.Add(start, buffer, bytes, turn, _turnSamples);
        _turnSamples += bytes / 2;
    }

    /// <summary>The browser stopped <paramref name="turn"/> after <paramref name="playedMs"/> ms of it.</summary>
    public void CutAssistant(Guid turn, int playedMs)
    {
        _assistant.CutTurn(turn, (long)playedMs * SampleRate / 1000);
        if (turn == _turn)
            _turnCut = true;
    }

    /// <summary>Mixes the next <paramref name="frame"/>.Length samples (from <see cref="Mixed"/>) into <paramref name="frame"/>.</summary>
    public void MixNext(Span<short> frame)
    {
        Span<int> sum = stackalloc int[frame.Length];
        sum.Clear();
        _user.MixInto(sum, Mixed);
        _assistant.MixInto(sum, Mixed);
        for (var i = 0; i < frame.Length; i++)
            frame[i] = (short)Math.Clamp(sum[i], short.MinValue, short.MaxValue);
        Mixed += frame.Length;
        _user.Release(Mixed);
        _assistant.Release(Mixed);
    }

    /// <summary>Returns every buffer still held (after the last mix, or when giving up).</summary>
    public void Clear()
    {
        foreach (var pending in _pendingUser)
            ArrayPool<byte>.Shared.Return(pending.Buffer);
        _pendingUser.Clear();
        _user.Clear();
        _assistant.Clear();
    }
}
