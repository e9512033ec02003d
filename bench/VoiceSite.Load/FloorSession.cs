using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;

namespace VoiceSite.Load;

/// <summary>
/// The floor: the same paced chunks sent straight to the simulator's realtime WebSocket, with no site in between
/// (<c>input_audio_buffer.append</c> out, <c>response.output_audio.delta</c> back). Written by hand rather than with the
/// OpenAI client so the generator's own cost stays small: it only needs the two events.
/// </summary>
internal sealed class FloorSession : IAsyncDisposable
{
    private static readonly byte[] Prefix = Encoding.UTF8.GetBytes("{\"type\":\"input_audio_buffer.append\",\"audio\":\"");
    private static readonly byte[] Suffix = Encoding.UTF8.GetBytes("\"}");
    private static readonly byte[] DeltaType = Encoding.UTF8.GetBytes("\"response.output_audio.delta\"");
    private static readonly byte[] DeltaField = Encoding.UTF8.GetBytes("\"delta\":\"");

    private readonly ClientWebSocket _socket;
    private readonly byte[] _message = new byte[Prefix.Length + Base64.GetMaxEncodedToUtf8Length(Pacing.ChunkBytes) + Suffix.Length];
    private Task _receiving = Task.CompletedTask;

    private FloorSession(ClientWebSocket socket) => _socket = socket;

    public Pacing? Pacing { get; set; }

    public static async Task<FloorSession> ConnectAsync(Uri realtime, string key, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("api-key", key);
        await socket.ConnectAsync(realtime, cancellationToken);
        var session = new FloorSession(socket);
        session._receiving = Task.Run(session.ReceiveAsync, CancellationToken.None);
        return session;
    }

    public Task SendAudioAsync(byte[] pcm16)
    {
        Prefix.CopyTo(_message, 0);
        Base64.EncodeToUtf8(pcm16, _message.AsSpan(Prefix.Length), out _, out var written);
        Suffix.CopyTo(_message, Prefix.Length + written);
        return _socket.SendAsync(_message.AsMemory(0, Prefix.Length + written + Suffix.Length), WebSocketMessageType.Text, true, CancellationToken.None).AsTask();
    }

    private async Task ReceiveAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                    throw new InvalidOperationException("A simulator event is larger than 256 KB.");
                var result = await _socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                    return;
                length += result.Count;
                if (!result.EndOfMessage)
                    continue;
                var at = Stopwatch.GetTimestamp();
                OnMessage(buffer.AsSpan(0, length), at);
                length = 0;
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void OnMessage(ReadOnlySpan<byte> json, long at)
    {
        if (json.IndexOf(DeltaType) < 0 || Pacing is not { } pacing)
            return;
        var field = json.IndexOf(DeltaField);
        if (field < 0)
            return;
        Span<byte> head = stackalloc byte[6];
        if (Base64.DecodeFromUtf8(json.Slice(field + DeltaField.Length, 8), head, out _, out _) == OperationStatus.Done)
            pacing.Echoed(BinaryPrimitives.ReadInt32LittleEndian(head), at);
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try { await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token); }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException) { }
        }
        await Task.WhenAny(_receiving, Task.Delay(2000));
        _socket.Abort();
        await _receiving;
        _socket.Dispose();
    }
}
