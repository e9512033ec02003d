using Microsoft.EntityFrameworkCore;
using VoiceSite.Data;
using VoiceSite.Data.Entities;
using VoiceSite.Recordings.Storage;

namespace VoiceSite.Recordings;

/// <summary>
/// Reading and deleting a conversation's recordings. <c>ownerId</c> null means an administrator (any conversation);
/// otherwise a conversation that is not the owner's looks exactly like one that does not exist.
/// </summary>
public sealed partial class RecordingCatalog(IDbContextFactory<AppDbContext> dbFactory, IRecordingStore store, ILogger<RecordingCatalog> logger)
{
    /// <summary>The conversation's recordings in start order, or null when the conversation is missing (or not the owner's).</summary>
    public async Task<IReadOnlyList<Recording>?> ListAsync(Guid conversationId, string? ownerId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Conversations.AnyAsync(c => c.Id == conversationId && (ownerId == null || c.OwnerId == ownerId), cancellationToken))
            return null;
        return await db.Recordings.AsNoTracking()
            .Where(r => r.ConversationId == conversationId)
            .OrderBy(r => r.StartedAt)
            .ToListAsync(cancellationToken);
    }

    /// <summary>The playlist: recordings with their offsets, and where each stored turn is heard.</summary>
    public async Task<RecordingPlaylist?> PlaylistAsync(Guid conversationId, string? ownerId, Func<int, string> url, CancellationToken cancellationToken)
    {
        var recordings = await ListAsync(conversationId, ownerId, cancellationToken);
        if (recordings is null)
            return null;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var turns = await db.Turns.AsNoTracking()
            .Where(t => t.ConversationId == conversationId)
            .Select(t => new { t.Id, t.StartedAt })
            .ToListAsync(cancellationToken);
        return RecordingPlaylist.Build(recordings, turns.Select(t => (t.Id, t.StartedAt)), url);
    }

    /// <summary>Recording <paramref name="number"/> (1-based, in start order) and its audio, or null.</summary>
    public async Task<(Recording Recording, Stream Audio)?> OpenAsync(Guid conversationId, string? ownerId, int number, CancellationToken cancellationToken)
    {
        var recordings = await ListAsync(conversationId, ownerId, cancellationToken);
        if (recordings is null || number < 1 || number > recordings.Count)
            return null;
        var recording = recordings[number - 1];
        var audio = await store.OpenReadAsync(recording.StorageKey, cancellationToken);
        return audio is null ? null : (recording, audio);
    }

    /// <summary>Deletes the conversation's recordings: the audio first, then the rows (so no audio outlives its row).</summary>
    public async Task DeleteForConversationAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var recordings = await db.Recordings.Where(r => r.ConversationId == conversationId)
            .Select(r => new { r.Id, r.StorageKey }).ToListAsync(cancellationToken);
        foreach (var recording in recordings)
            await DeleteAsync(db, recording.Id, recording.StorageKey, cancellationToken);
    }

    /// <summary>Deletes one recording's audio, then its row; safe to run twice or on two replicas at once.</summary>
    internal async Task DeleteAsync(AppDbContext db, Guid id, string storageKey, CancellationToken cancellationToken)
    {
        await store.DeleteAsync(storageKey, cancellationToken);
        await db.Recordings.Where(r => r.Id == id).ExecuteDeleteAsync(cancellationToken);
        LogDeleted(id);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recording {RecordingId} deleted")]
    private partial void LogDeleted(Guid recordingId);
}
