// Experimental GA realtime client types (see RealtimeConnector); OpenAIContext (OPENAI001) is the library's own
// model context for reading its typed updates.
#pragma warning disable OPENAI001, OPENAI002

using System.Buffers;
using System.ClientModel.Primitives;
using System.Net.WebSockets;
using OpenAI;
using OpenAI.Realtime;
using VoiceSite.Audio;

namespace VoiceSite.Voice.Realtime;

/// <summary>
/// The relay's hot path: microphone chunks up as <c>input_audio_buffer.append</c>, and the upstream's events read off
/// the socket, reply audio straight to the browser (RealtimeWire), everything else through the client's typed updates.
/// </summary>
internal sealed partial class RealtimeSession
{
    /// <summary>A message up to this size is read into the session's first buffer; larger ones into a bigger one, briefly.</summary>
    private const int ReceiveBufferBytes = 16 * 1024;

    /// <summary>Azure's own limit on a server event is far below this; past it the upstream is treated as broken.</summary>
    private const int MaxEventBytes = 16 * 1024 * 1024;

    private readonly RealtimeIds _ids = new();

    /// <summary>
    /// One send at a time on the upstream socket: audio is written on it directly, so the client's own commands
    /// (cancel, truncate: InterruptAsync) take this too. Setting up a new upstream needs it not: that socket is not
    /// published (<c>_upstream</c>) until it is set up.
    /// </summary>
    private readonly SemaphoreSlim _sendLock = new(1, 1);

    private async Task SendAudioLoopAsync()
    {
        var failed = false;
        try
        {
            await foreach (var chunk in _audio.Reader.ReadAllAsync(_stop.Token))
            {
                await _upstreamLock.WaitAsync(_stop.Token);
                var length = RealtimeWire.WriteAppend(chunk, out var message);
                AudioChunkPool.Shared.Return(chunk); // copied into the message (and the recording, in AcceptAudio): nothing holds it now
                try
                {
                    // Straight onto the socket the client opened: its SendInputAudioAsync builds a model and a base64 string,
                    // and even its raw SendCommandAsync copies the bytes once more (bench/results.md, "Finding the cost").
                    await _sendLock.WaitAsync(_stop.Token);
                    try
                    {
                        await _upstream!.WebSocket.SendAsync(message.AsMemory(0, length), WebSocketMessageType.Text, endOfMessage: true, _stop.Token);
                    }
                    finally
                    {
                        _sendLock.Release();
                    }
                }
                catch (Exception e) when (e is WebSocketException or InvalidOperationException or ObjectDisposedException)
                {
                    // The receive loop sees the loss and ends the session; log once.
                    if (!failed)
                        LogSendFailed(e);
                    failed = true;
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(message);
                    _upstreamLock.Release();
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Reads the upstream's events until it closes (Continue) or asks for renewal (Renew). Read from the socket the client
    /// opened (it exposes it for this) rather than through its typed enumeration, so reply audio costs one array per
    /// chunk; the client's models still read every other event.
    /// </summary>
    private async Task<UpdateOutcome> ReadUpstreamAsync(RealtimeSessionClient upstream, CancellationToken cancellationToken)
    {
        var socket = upstream.WebSocket;
        var buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferBytes);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length >= MaxEventBytes)
                        throw new WebSocketException(WebSocketError.Faulted, "A realtime event is larger than 16 MB.");
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                    return UpdateOutcome.Continue;
                length += result.Count;
                if (!result.EndOfMessage)
                    continue;
                var outcome = await DispatchAsync(buffer.AsMemory(0, length));
                length = 0;
                if (buffer.Length > ReceiveBufferBytes)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferBytes);
                }
                if (outcome == UpdateOutcome.Renew)
                    return outcome;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<UpdateOutcome> DispatchAsync(ReadOnlyMemory<byte> message)
    {
        if (RealtimeWire.TryReadAudioDelta(message.Span, _ids, out var responseId, out var itemId, out var audio, out var length))
        {
            try
            {
                await RelayAudioAsync(responseId, itemId, audio.AsMemory(0, length));
            }
            finally
            {
                // SignalR has written the browser's message by the time the send completes (or will never write it).
                if (audio is not null)
                    ArrayPool<byte>.Shared.Return(audio);
            }
            return UpdateOutcome.Continue;
        }
        var update = ModelReaderWriter.Read<RealtimeServerUpdate>(BinaryData.FromBytes(message.ToArray()), ModelReaderWriterOptions.Json,
            OpenAIContext.Default) ?? throw new InvalidOperationException("The realtime service sent an event the client could not read.");
        return await HandleAsync(update);
    }

    private async Task RelayAudioAsync(string? responseId, string? itemId, ReadOnlyMemory<byte> bytes)
    {
        if (bytes.IsEmpty)
            return;
        lock (_gate)
        {
            // After barge-in the browser has flushed its playback: drop what the cancelled reply still sends.
            if (_assistant is not { HeardMs: null } turn || turn.ResponseId != responseId)
                return;
            turn.ItemId ??= itemId;
            if (turn.AudioBytes == 0 && turn.SpeechStoppedAt is { } stoppedAt)
                turn.ResponseLatencyMs = (int)_clock.GetElapsedTime(stoppedAt).TotalMilliseconds;
            turn.AudioBytes += bytes.Length;
            _context.Recorder.Assistant(turn.Id, bytes.Span);
        }
        await Client.Audio(bytes);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending audio upstream failed")]
    private partial void LogSendFailed(Exception exception);
}
