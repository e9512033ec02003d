using Microsoft.EntityFrameworkCore;
using VoiceSite.Data;
using VoiceSite.Data.Entities;
using VoiceSite.Recordings.Storage;

namespace VoiceSite.Recordings;

/// <summary>
/// Stores one session's recording as its pages are finished: the first flush adds the <see cref="Recording"/> row and
/// creates the stored object; every flush appends and updates the row's duration and size, so after a crash the
/// row describes what is playable. Stops for good (answers false) when storing fails, or when the row is gone
/// (the conversation was deleted meanwhile: then the object goes too).
/// </summary>
internal sealed partial class RecordingSink(
    Guid conversationId,
    VoiceMode mode,
    DateTime startedAt,
    IRecordingStore store,
    IDbContextFactory<AppDbContext> dbFactory,
    TimeProvider clock,
    ILogger logger) : IAsyncDisposable
{
    public const string ContentType = "audio/ogg";

    private readonly Guid _id = Guid.NewGuid();
    private IRecordingAppender? _appender;
    private long _bytes;

    public string Key => $"{conversationId:N}/{_id:N}.ogg";

    /// <summary>Appends <paramref name="data"/>; false when the recording has stopped for good.</summary>
    public async Task<bool> AppendAsync(ReadOnlyMemory<byte> data, int durationMs, bool completed)
    {
        try
        {
            if (_appender is null)
            {
                if (!await AddRowAsync())
                    return false;
                _appender = await store.CreateAsync(Key, ContentType, CancellationToken.None);
            }
            await _appender.AppendAsync(data, CancellationToken.None);
            _bytes += data.Length;

            var now = clock.GetUtcNow().UtcDateTime;
            await using var db = await dbFactory.CreateDbContextAsync();
            var updated = await db.Recordings.Where(r => r.Id == _id).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.DurationMs, durationMs)
                .SetProperty(r => r.ByteSize, _bytes)
                .SetProperty(r => r.UpdatedAt, now)
                .SetProperty(r => r.CompletedAt, completed ? now : null));
            if (updated > 0)
                return true;
            LogDeletedWhileRecording(conversationId);
            await DisposeAppenderAsync();
            await store.DeleteAsync(Key, CancellationToken.None);
            return false;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogStoreFailed(e, conversationId);
            return false;
        }
    }

    private async Task<bool> AddRowAsync()
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        if (!await db.Conversations.AnyAsync(c => c.Id == conversationId))
            return false; // deleted meanwhile
        db.Recordings.Add(new Recording
        {
            Id = _id,
            ConversationId = conversationId,
            Mode = mode,
            StartedAt = startedAt,
            StorageKey = Key,
            ContentType = ContentType,
            UpdatedAt = clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync();
        LogStarted(conversationId, Key);
        return true;
    }

    private async Task DisposeAppenderAsync()
    {
        if (_appender is not null)
            await _appender.DisposeAsync();
        _appender = null;
    }

    public ValueTask DisposeAsync() => new(DisposeAppenderAsync());

    [LoggerMessage(Level = LogLevel.Information, Message = "Recording conversation {ConversationId} to {Key}")]
    private partial void LogStarted(Guid conversationId, string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {ConversationId} was deleted while recording; the recording was removed")]
    private partial void LogDeletedWhileRecording(Guid conversationId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storing the recording of conversation {ConversationId} failed; recording stopped (what was stored stays playable)")]
    private partial void LogStoreFailed(Exception exception, Guid conversationId);
}
