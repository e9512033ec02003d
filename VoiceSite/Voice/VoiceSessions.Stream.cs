using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;

namespace VoiceSite.Voice;

/// <summary>
/// <c>StreamAudio</c>: the microphone as one upload stream per connection instead of a <c>SendAudio</c> call per chunk.
/// Each chunk gets exactly what <c>SendAudio</c> gives it (the same checks, pace and errors); what is saved is SignalR's
/// work per invocation (a DI scope, a hub instance, its callers), which was most of the relay's own cost per chunk
/// (bench/results.md, "Upload stream").
/// </summary>
public sealed partial class VoiceSessions
{
    private readonly ConcurrentDictionary<string, byte> _uploads = new();

    /// <summary>Whether the connection's microphone comes up a StreamAudio upload now.</summary>
    public bool Uploading(string connectionId) => _uploads.ContainsKey(connectionId);

    /// <summary>Reads the connection's upload stream until the browser completes it or the connection closes.</summary>
    public async Task StreamAudioAsync(string connectionId, ChannelReader<byte[]> chunks, CancellationToken cancellationToken)
    {
        // Streams do not count against SignalR's one-call-at-a-time limit: without this, a page could open any number.
        if (!_uploads.TryAdd(connectionId, 0))
            throw new HubException("Audio is already streaming on this connection; complete that stream first.");
        try
        {
            while (await chunks.WaitToReadAsync(cancellationToken))
                while (chunks.TryRead(out var chunk))
                    await SendAudioAsync(connectionId, chunk);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The connection closed: its session ends in OnDisconnectedAsync.
        }
        finally
        {
            _uploads.TryRemove(connectionId, out _);
        }
    }
}
