namespace VoiceSite.Recordings.Storage;

/// <summary>Where recordings are kept: a local folder, or Azure Blob Storage. Keys are relative names such as <c>{conversation}/{recording}.ogg</c>.</summary>
public interface IRecordingStore
{
    /// <summary>Creates an empty object under <paramref name="key"/> to append to.</summary>
    Task<IRecordingAppender> CreateAsync(string key, string contentType, CancellationToken cancellationToken);

    /// <summary>A seekable read-only stream of the object as it is now, or null when there is none.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Deletes the object; nothing happens when there is none (safe to run twice, or on two replicas).</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);
}

/// <summary>Appends to one stored object; each append is durable (readable after a crash) when it completes.</summary>
public interface IRecordingAppender : IAsyncDisposable
{
    Task AppendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);
}
