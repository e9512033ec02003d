using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VoiceSite.Audio;

namespace VoiceSite.Simulator.Realtime;

/// <summary>
/// One simulated Azure OpenAI Realtime (GA) session over a WebSocket: session configuration, energy VAD on the
/// appended audio, transcription, deterministic replies streamed faster than real time, cancel and truncate with
/// Azure's semantics, echo, faults and the session time limit. Client events: SimulatedRealtimeSession.Commands.cs;
/// reply streaming: SimulatedRealtimeSession.Responses.cs.
/// </summary>
internal sealed partial class SimulatedRealtimeSession
{
    private const int MaxMessageBytes = 16 * 1024 * 1024;

    // Like Azure: plain UTF-8 JSON, quotes and apostrophes not escaped for HTML.
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly WebSocket _socket;
    private readonly HttpContext _http;
    private readonly IOptionsMonitor<SimulatorOptions> _options;
    private readonly ILogger _logger;
    private readonly string _model;
    private readonly string _sessionId = RealtimeEvents.NewId("sess");
    private readonly Channel<JsonObject> _outbox = Channel.CreateUnbounded<JsonObject>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SimulatedSessionConfig _config = new();
    private readonly object _gate = new();
    private readonly List<SimulatedItem> _items = [];

    private EnergyVad _vad;
    private long _appendedBytes;
    private string? _speechItemId;
    private VadEvent? _speechStart;
    private long _bufferBytes;
    private SimulatedResponse? _response;
    private bool _responseAfterCancelled; // a detected turn waits for the reply it cut to wind down
    private bool _audioProduced;
    private volatile bool _dropping;

    public SimulatedRealtimeSession(WebSocket socket, HttpContext http, IOptionsMonitor<SimulatorOptions> options, ILogger logger, string model)
    {
        _socket = socket;
        _http = http;
        _options = options;
        _logger = logger;
        _model = model;
        _vad = new EnergyVad(_config.Vad);
    }

    private RealtimeSimulatorOptions Options => _options.CurrentValue.Realtime;

    public async Task RunAsync(CancellationToken aborted)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var send = SendLoopAsync(stop.Token);
        Post(RealtimeEvents.Event("session.created", new JsonObject { ["session"] = RealtimeEvents.Session(_config, _model, _sessionId) }));

        var receive = ReceiveLoopAsync(stop.Token);
        var limit = Task.Delay(Options.SessionLimit, stop.Token);
        if (await Task.WhenAny(receive, limit) == limit && !limit.IsCanceled)
        {
            var minutes = Options.SessionLimit.TotalMinutes;
            Post(RealtimeEvents.Error("session_expired", $"Your session hit the maximum duration of {minutes:0.##} minutes."));
            LogSessionExpired(_sessionId);
        }

        CancelResponse("client_cancelled", notify: false);
        _outbox.Writer.TryComplete();
        await send;
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try { await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "session ended", timeout.Token); }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException) { }
        }
        await stop.CancelAsync();
        try { await receive; } catch (Exception e) when (e is OperationCanceledException or WebSocketException) { }
        try { await (_response?.Streaming ?? Task.CompletedTask); } catch (OperationCanceledException) { }
    }

    private void Post(JsonObject serverEvent) => _outbox.Writer.TryWrite(serverEvent);

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var serverEvent in _outbox.Reader.ReadAllAsync(cancellationToken))
            {
                var bytes = JsonSerializer.SerializeToUtf8Bytes(serverEvent, Json);
                await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            }
            if (_dropping)
                _http.Abort(); // the DropMidResponse fault: gone without a close handshake, after what was sent
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The client went away; the receive loop ends too.
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            using var message = new MemoryStream();
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                    return;
                message.Write(buffer, 0, result.Count);
                if (message.Length > MaxMessageBytes)
                {
                    Post(RealtimeEvents.Error("message_too_large", $"The message is larger than {MaxMessageBytes} bytes."));
                    return;
                }
                if (!result.EndOfMessage)
                    continue;
                var text = Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
                message.SetLength(0);
                Handle(text);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Handle(string text)
    {
        JsonObject? command;
        try
        {
            command = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException e)
        {
            Post(RealtimeEvents.Error("invalid_json", $"The message is not valid JSON: {e.Message}"));
            return;
        }
        if (command?["type"] is not JsonValue typeValue || !typeValue.TryGetValue<string>(out var type))
        {
            Post(RealtimeEvents.Error("missing_type", "The event has no 'type'."));
            return;
        }
        var eventId = command["event_id"] is JsonValue id && id.TryGetValue<string>(out var s) ? s : null;
        try
        {
            Dispatch(type, command, eventId);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException or ArgumentException)
        {
            Post(RealtimeEvents.Error("invalid_value", $"Invalid '{type}' event: {e.Message}", eventId));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulated realtime session {SessionId} hit its time limit")]
    private partial void LogSessionExpired(string sessionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulated realtime session {SessionId}: dropping the connection mid-response (fault)")]
    private partial void LogDropping(string sessionId);
}
