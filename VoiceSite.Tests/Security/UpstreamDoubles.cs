using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace VoiceSite.Tests.Security;

/// <summary>
/// An upstream that echoes every request's headers (the api-key among them) into its errors: realtime <c>error</c> events
/// for each client event (and then it closes), HTTP error bodies for speech to text, chat and text to speech.
/// </summary>
public sealed class EchoingUpstream : IAsyncDisposable
{
    /// <summary>Error events sent before the realtime socket is closed.</summary>
    public const int RealtimeErrors = 40;

    private readonly WebApplication _app;

    private EchoingUpstream(WebApplication app, Uri address) => (_app, Address) = (app, address);

    public Uri Address { get; }

    public static async Task<EchoingUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.UseWebSockets();
        app.Map("/openai/v1/realtime", RealtimeAsync);
        app.Map("/stt/{**rest}", context => EchoAsync(context, 401));
        app.Map("/tts/{**rest}", context => EchoAsync(context, 500));
        app.Map("/chat/{**rest}", context => EchoAsync(context, 400));
        await app.StartAsync();
        return new EchoingUpstream(app, new Uri(app.Urls.First() + "/"));
    }

    private static string Headers(HttpRequest request) =>
        string.Join("; ", request.Headers.Select(h => $"{h.Key}: {h.Value}"));

    private static async Task EchoAsync(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var echo = $"Your request had these headers: {Headers(context.Request)}";
        await context.Response.WriteAsync(new JsonObject { ["error"] = new JsonObject { ["code"] = "echo", ["message"] = echo } }.ToJsonString());
    }

    private static async Task RealtimeAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await EchoAsync(context, 400);
            return;
        }
        var echo = $"Your request had these headers: {Headers(context.Request)}";
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        await SendAsync(socket, new JsonObject
        {
            ["type"] = "session.created",
            ["event_id"] = "event_1",
            ["session"] = new JsonObject { ["type"] = "realtime", ["object"] = "realtime.session", ["id"] = "sess_echo", ["model"] = "gpt-realtime" },
        });
        var buffer = new byte[64 * 1024];
        for (var sent = 0; sent < RealtimeErrors; sent++)
        {
            WebSocketReceiveResult received;
            do
                received = await socket.ReceiveAsync(buffer, context.RequestAborted);
            while (!received.EndOfMessage && received.MessageType != WebSocketMessageType.Close);
            if (received.MessageType == WebSocketMessageType.Close)
                return;
            await SendAsync(socket, new JsonObject
            {
                ["type"] = "error",
                ["event_id"] = $"event_e{sent}",
                ["error"] = new JsonObject { ["type"] = "invalid_request_error", ["code"] = "echo_error", ["message"] = echo },
            });
        }
        await socket.CloseAsync(WebSocketCloseStatus.InternalServerError, "enough", CancellationToken.None);
    }

    private static Task SendAsync(WebSocket socket, JsonObject message) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>A loopback TCP listener that accepts connections and never answers (nor closes them), until disposed.</summary>
public sealed class SilentListener : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<Socket> _held = [];
    private readonly CancellationTokenSource _stop = new();

    public SilentListener()
    {
        _listener.Start();
        _ = AcceptAsync();
    }

    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                lock (_held)
                    _held.Add(socket);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_held)
            foreach (var socket in _held)
                socket.Dispose();
        _stop.Dispose();
    }
}
