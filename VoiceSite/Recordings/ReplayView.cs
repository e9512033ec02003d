using System.Globalization;

namespace VoiceSite.Recordings;

/// <summary>
/// What the replay player and the transcript beside it need: the conversation's recordings (played one after the
/// other as one) and where each recorded turn is heard. Null from <see cref="LoadAsync"/> when there is nothing to play.
/// </summary>
public sealed class ReplayView
{
    private readonly Dictionary<Guid, TurnPosition> _turns;

    public ReplayView(RecordingPlaylist playlist)
    {
        Playlist = playlist;
        _turns = playlist.Turns.ToDictionary(t => t.TurnId);
    }

    public RecordingPlaylist Playlist { get; }

    /// <summary>Where <paramref name="turnId"/> is heard, or null when it was said in a session that was not recorded.</summary>
    public TurnPosition? PositionOf(Guid turnId) => _turns.GetValueOrDefault(turnId);

    /// <summary>The recording's own address with a media fragment (<c>#t=12.345</c>): without script, the link still plays from there.</summary>
    public string LinkTo(TurnPosition position) =>
        Playlist.Recordings[position.Recording - 1].Url + "#t=" + (position.PositionMs / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>The owner's recordings, or (with <paramref name="ownerId"/> null) an administrator's view through /Admin; null when there are none.</summary>
    public static async Task<ReplayView?> LoadAsync(RecordingCatalog catalog, Guid conversationId, string? ownerId, CancellationToken cancellationToken)
    {
        var basePath = ownerId is null ? RecordingEndpoints.AdminPath(conversationId) : RecordingEndpoints.OwnerPath(conversationId);
        var playlist = await catalog.PlaylistAsync(conversationId, ownerId, n => $"{basePath}/{n}", cancellationToken);
        return playlist is { Recordings.Count: > 0 } ? new ReplayView(playlist) : null;
    }

    /// <summary>"0:07", "12:34", "1:02:03".</summary>
    public static string Clock(int milliseconds)
    {
        var time = TimeSpan.FromMilliseconds(Math.Max(0, milliseconds));
        return time.TotalHours >= 1
            ? $"{(int)time.TotalHours}:{time.Minutes:00}:{time.Seconds:00}"
            : $"{time.Minutes}:{time.Seconds:00}";
    }
}
