using VoiceSite.Data.Entities;
using VoiceSite.Voice;

namespace VoiceSite.Recordings;

/// <summary>One recording of a conversation as the player lists it.</summary>
/// <param name="Number">1 for the first session recorded, 2 for the next, ...</param>
/// <param name="OffsetMs">Where it starts when the conversation's recordings are played one after the other.</param>
public sealed record RecordingPart(int Number, string Url, string Mode, DateTime StartedAt, int DurationMs, int OffsetMs, long Bytes, bool Complete);

/// <summary>Where a stored turn is heard: in recording <paramref name="Recording"/> at <paramref name="PositionMs"/>, and in the whole playlist at <paramref name="PlaylistMs"/>.</summary>
public sealed record TurnPosition(Guid TurnId, int Recording, int PositionMs, int PlaylistMs);

/// <summary>A conversation's recordings, played as one, with the place of every recorded turn.</summary>
public sealed record RecordingPlaylist(IReadOnlyList<RecordingPart> Recordings, IReadOnlyList<TurnPosition> Turns, int TotalMs)
{
    /// <summary>A turn that starts up to this long after a recording's stored end still belongs to it (the last flush may lag).</summary>
    private static readonly TimeSpan EndSlack = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Recordings in start order, each after the previous one in the playlist; a turn belongs to the last recording
    /// that started before it (position 0 of a recording is its session's start) while it lies within that recording.
    /// </summary>
    public static RecordingPlaylist Build(IReadOnlyList<Recording> recordings, IEnumerable<(Guid Id, DateTime StartedAt)> turns, Func<int, string> url)
    {
        var ordered = recordings.OrderBy(r => r.StartedAt).ToList();
        var parts = new List<RecordingPart>(ordered.Count);
        var offset = 0;
        foreach (var (recording, index) in ordered.Select((r, i) => (r, i)))
        {
            parts.Add(new RecordingPart(index + 1, url(index + 1), VoiceModes.Name(recording.Mode), recording.StartedAt,
                recording.DurationMs, offset, recording.ByteSize, recording.CompletedAt is not null));
            offset += recording.DurationMs;
        }

        var positions = new List<TurnPosition>();
        foreach (var (id, startedAt) in turns.OrderBy(t => t.StartedAt))
        {
            var index = ordered.FindLastIndex(r => r.StartedAt <= startedAt);
            if (index < 0)
                continue;
            var recording = ordered[index];
            var at = startedAt - recording.StartedAt;
            if (at > TimeSpan.FromMilliseconds(recording.DurationMs) + EndSlack)
                continue; // said in a session that was not recorded
            var position = (int)Math.Round(Math.Min(at.TotalMilliseconds, recording.DurationMs));
            positions.Add(new TurnPosition(id, index + 1, position, parts[index].OffsetMs + position));
        }
        return new RecordingPlaylist(parts, positions, offset);
    }
}
