using System.Buffers.Binary;
using System.Diagnostics;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace VoiceSite.Load;

/// <summary>
/// One browser stand-in on <c>/hubs/voice</c> as the talk page connects: WebSockets only, no negotiation, MessagePack,
/// the user's auth cookie. Realtime: each <c>Audio</c> event is an echo whose first four bytes name the chunk.
/// Pipeline: times <c>SpeechStopped</c> -> first <c>Audio</c> of each reply.
/// </summary>
internal sealed class HubSession : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly List<double> _replyLatencyMs = [];
    private long _speechStoppedAt;
    private bool _awaitingReply;

    private HubSession(HubConnection connection)
    {
        _connection = connection;
        connection.On<byte[]>("Audio", OnAudio);
        connection.On<string, string>("Error", (code, message) =>
        {
            Interlocked.Increment(ref _errors);
            LastError = $"{code}: {message}";
        });
        connection.On<string>("SessionEnded", reason =>
        {
            Interlocked.Increment(ref _ended);
            LastError = $"ended: {reason}";
        });
        connection.On("SpeechStopped", () =>
        {
            _speechStoppedAt = Stopwatch.GetTimestamp();
            _awaitingReply = true;
        });
    }

    private int _errors;
    private int _ended;

    public Pacing? Pacing { get; set; }
    public int Errors => _errors;
    public int Ended => _ended;
    public string? LastError { get; private set; }
    public long AudioBytes { get; private set; }
    public List<double> ReplyLatencyMs => _replyLatencyMs;

    public static async Task<HubSession> ConnectAsync(Uri site, LoadUser user, CancellationToken cancellationToken)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(site, "/hubs/voice"), o =>
            {
                o.Cookies = user.Cookies;
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .AddMessagePackProtocol()
            .Build();
        var session = new HubSession(connection);
        await connection.StartAsync(cancellationToken);
        return session;
    }

    public Task StartAsync(Guid conversationId, string mode, CancellationToken cancellationToken) =>
        _connection.InvokeAsync<object?>("StartSession", conversationId.ToString(), mode, cancellationToken);

    public Task SendAudioAsync(byte[] pcm16) => _connection.SendAsync("SendAudio", pcm16);

    /// <summary>Interrupt, waiting for the hub method to finish (the reply is cut then); returns the time taken.</summary>
    public async Task<double> InterruptAsync(int playedMs)
    {
        var start = Stopwatch.GetTimestamp();
        await _connection.InvokeAsync("Interrupt", playedMs);
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    public Task EndAsync() => _connection.InvokeAsync("EndSession");

    private void OnAudio(byte[] pcm16)
    {
        var at = Stopwatch.GetTimestamp();
        AudioBytes += pcm16.Length;
        if (_awaitingReply)
        {
            _awaitingReply = false;
            lock (_replyLatencyMs)
                _replyLatencyMs.Add((at - _speechStoppedAt) * 1000.0 / Stopwatch.Frequency);
        }
        if (Pacing is { } pacing && pcm16.Length >= 4)
            pacing.Echoed(BinaryPrimitives.ReadInt32LittleEndian(pcm16), at);
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
