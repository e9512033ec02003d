using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace VoiceSite.Bench;

/// <summary>One server -> client call, stamped (<see cref="Stopwatch.GetTimestamp"/>) the moment the client got it.</summary>
internal sealed record HubEvent(int Index, string Name, object?[] Args, long At)
{
    public string Text(int index) => (string)Args[index]!;
    public byte[] Bytes => (byte[])Args[0]!;
    public override string ToString() => $"{Name}({string.Join(", ", Args.Select(a => a is byte[] b ? $"{b.Length} bytes" : a))})";
}

/// <summary>
/// A browser stand-in on <c>/hubs/voice</c>: signed in through the real login form, WebSockets, MessagePack, the
/// auth cookie. Records every event with its arrival time.
/// </summary>
internal sealed class HubClient : IAsyncDisposable
{
    private readonly List<HubEvent> _events = [];
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly HubConnection _connection;

    // A mirror of the server's audio token bucket, a little stricter (2 s burst, refilled at real time), so audio is
    // never dropped as too fast: at most 2 s at once, then real time.
    private double _audioTokensMs = 2000;
    private long _audioTokensAt = Stopwatch.GetTimestamp();

    private HubClient(HubConnection connection)
    {
        _connection = connection;
        On("Audio", typeof(byte[]));
        On("SpeechStarted");
        On("SpeechStopped");
        On("UserTranscript", typeof(string), typeof(string));
        On("AssistantTranscriptDelta", typeof(string), typeof(string));
        On("TurnCompleted", typeof(string));
        On("Error", typeof(string), typeof(string));
        On("SessionEnded", typeof(string));
        connection.Closed += error =>
        {
            if (error is not null)
                Console.WriteLine($"  hub connection closed: {error.GetType().Name}: {error.Message}");
            return Task.CompletedTask;
        };
    }

    /// <summary>Events received so far.</summary>
    public int Count
    {
        get { lock (_events) return _events.Count; }
    }

    public static async Task<HubClient> ConnectAsync(BenchSite site, string email)
    {
        var cookies = new CookieContainer();
        using (var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = site.Address })
            await BenchEnvironment.SignInAsync(http, email, BenchSite.Password);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(site.Address, "/hubs/voice"), o =>
            {
                o.Cookies = cookies;
                o.Transports = HttpTransportType.WebSockets;
            })
            .AddMessagePackProtocol()
            .Build();
        var client = new HubClient(connection);
        await connection.StartAsync();
        return client;
    }

    public async Task StartSessionAsync(Guid conversationId, string mode) =>
        await _connection.InvokeAsync<VoiceSite.Voice.SessionInfo>("StartSession", conversationId.ToString(), mode);

    public Task EndSessionAsync() => _connection.InvokeAsync("EndSession");

    /// <summary>Fire-and-forget audio, like the browser.</summary>
    public Task SendAudioAsync(byte[] pcm16) => _connection.SendAsync("SendAudio", pcm16);

    public Task InterruptAsync(int playedMs) => _connection.SendAsync("Interrupt", playedMs);

    /// <summary>Interrupt, waiting for the hub method to complete (the server has cut the reply when this returns).</summary>
    public Task InvokeInterruptAsync(int playedMs) => _connection.InvokeAsync("Interrupt", playedMs);

    /// <summary>
    /// Sends audio in 40 ms chunks: up to 2 s at once, then at real time (the server's limit is 1.5x with a 3 s burst).
    /// Returns when the first chunk was sent.
    /// </summary>
    public async Task<long> SpeakAsync(byte[] pcm16)
    {
        long firstSentAt = 0;
        foreach (var chunk in Signals.Chunks(pcm16, 40))
        {
            var chunkMs = chunk.Length / 48.0;
            var now = Stopwatch.GetTimestamp();
            _audioTokensMs = Math.Min(2000, _audioTokensMs + Stopwatch.GetElapsedTime(_audioTokensAt, now).TotalMilliseconds);
            _audioTokensAt = now;
            if (_audioTokensMs < chunkMs)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(chunkMs - _audioTokensMs));
                _audioTokensMs = chunkMs;
                _audioTokensAt = Stopwatch.GetTimestamp();
            }
            _audioTokensMs -= chunkMs;
            if (firstSentAt == 0)
                firstSentAt = Stopwatch.GetTimestamp();
            await SendAudioAsync(chunk);
        }
        return firstSentAt;
    }

    /// <summary>Events with indexes in [from, to).</summary>
    public List<HubEvent> Between(int from, int to = int.MaxValue)
    {
        lock (_events)
            return _events.Skip(from).Take(to - from).ToList();
    }

    /// <summary>The first event named <paramref name="name"/> at index <paramref name="from"/> or later that matches.</summary>
    public async Task<HubEvent> WaitForAsync(string name, int from, Func<HubEvent, bool>? match = null, int timeoutSeconds = 30)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        var scanned = from;
        while (true)
        {
            lock (_events)
            {
                for (; scanned < _events.Count; scanned++)
                {
                    var e = _events[scanned];
                    if (e.Name == name && (match?.Invoke(e) ?? true))
                        return e;
                    if (e.Name is "Error" or "SessionEnded")
                        throw new InvalidOperationException($"Unexpected {e} while waiting for {name}.");
                }
            }
            try
            {
                await _arrived.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No {name} within {timeoutSeconds} s; last events: {string.Join("; ", Between(Math.Max(from, Count - 10)))}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _arrived.Dispose();
    }

    private void On(string name, params Type[] types) =>
        _connection.On(name, types, args =>
        {
            var at = Stopwatch.GetTimestamp();
            lock (_events)
                _events.Add(new HubEvent(_events.Count, name, args, at));
            _arrived.Release();
            return Task.CompletedTask;
        });
}
