using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace VoiceSite.Recordings.Storage;

/// <summary>
/// Recordings as append blobs in Azure Blob Storage: each flush is one <c>Append Block</c>, durable when it returns,
/// so a replica that stops mid-session leaves a playable blob. Reads are ranged (<c>OpenRead</c> fetches only the
/// bytes asked for), so range requests from the player do not download whole recordings.
/// </summary>
public sealed partial class BlobRecordingStore : IRecordingStore
{
    private readonly BlobContainerClient _container;
    private readonly ILogger _logger;
    private readonly Lazy<Task> _containerReady;

    public BlobRecordingStore(BlobContainerClient container, ILogger<BlobRecordingStore> logger)
    {
        _container = container;
        _logger = logger;
        _containerReady = new Lazy<Task>(EnsureContainerAsync);
    }

    public async Task<IRecordingAppender> CreateAsync(string key, string contentType, CancellationToken cancellationToken)
    {
        await _containerReady.Value;
        var blob = _container.GetAppendBlobClient(key);
        await blob.CreateAsync(new AppendBlobCreateOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
            // Never replace an existing recording.
            Conditions = new AppendBlobRequestConditions { IfNoneMatch = ETag.All },
        }, cancellationToken);
        return new Appender(blob);
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            // allowModifications: a recording still being written grows while it is read.
            return await _container.GetBlobClient(key).OpenReadAsync(new BlobOpenReadOptions(allowModifications: true) { BufferSize = 256 * 1024 }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await _container.GetBlobClient(key).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // The container itself is gone: so is the blob.
        }
    }

    private async Task EnsureContainerAsync()
    {
        try
        {
            await _container.CreateIfNotExistsAsync();
        }
        catch (RequestFailedException e) when (e.Status == 403)
        {
            // An identity allowed to write blobs but not to create containers: the container must exist already.
            LogContainerNotCreated(e.Status);
        }
    }

    private sealed class Appender(AppendBlobClient blob) : IRecordingAppender
    {
        public async Task AppendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            using var content = BinaryData.FromBytes(data).ToStream();
            await blob.AppendBlockAsync(content, cancellationToken: cancellationToken);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The recordings container could not be created ({Status}); it must exist already")]
    private partial void LogContainerNotCreated(int status);
}
