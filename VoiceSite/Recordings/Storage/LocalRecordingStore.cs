namespace VoiceSite.Recordings.Storage;

/// <summary>Recordings as files under one folder (the embedded default: <c>App_Data/recordings</c>).</summary>
public sealed class LocalRecordingStore(string root) : IRecordingStore
{
    public string Root { get; } = Path.GetFullPath(root);

    public Task<IRecordingAppender> CreateAsync(string key, string contentType, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Readers (range requests) may open the file while it grows; deletion may happen while it is open.
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete, 4096, FileOptions.Asynchronous);
        return Task.FromResult<IRecordingAppender>(new Appender(stream));
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            Stream stream = new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 16 * 1024, FileOptions.Asynchronous);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        File.Delete(path); // no error when missing
        var folder = Path.GetDirectoryName(path)!;
        if (folder != Root && Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
        {
            try { Directory.Delete(folder); }
            catch (IOException) { } // another recording arrived meanwhile
        }
        return Task.CompletedTask;
    }

    /// <summary>The file of a key, refusing anything that would leave the folder.</summary>
    public string PathOf(string key)
    {
        var path = Path.GetFullPath(Path.Combine(Root, key));
        if (Path.IsPathRooted(key) || !path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException("A recording key is a relative name inside the store.", nameof(key));
        return path;
    }

    private sealed class Appender(FileStream stream) : IRecordingAppender
    {
        public async Task AppendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            await stream.WriteAsync(data, cancellationToken);
            // Into the operating system's hands: it survives the site's process stopping or crashing.
            await stream.FlushAsync(cancellationToken);
        }

        public ValueTask DisposeAsync() => stream.DisposeAsync();
    }
}
