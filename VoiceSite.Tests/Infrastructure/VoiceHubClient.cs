using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace VoiceSite.Tests.Infrastructure;

/// <summary>One thing the hub sent to the browser.</summary>
public sealed record VoiceEvent(string Name, object?[] Args)
{
    public string Text(int index) => (string)Args[index]!;
    public override string ToString() => $"{Name}({string.Join(", ", Args.Select(a => a is byte[] b ? $"{b.Length} bytes" : a))})";
}

/// <summary>
/// A signed-in browser stand-in on the voice hub: real WebSockets, MessagePack, the site's auth cookie.
/// Records every server -> client call in order.
/// </summary>
public sealed class VoiceHubClient : IAsyncDisposable
{
    private readonly ConcurrentQueue<VoiceEvent> _events = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private VoiceHubClient(HubConnection connection) => Connection = connection;

    public HubConnection Connection { get; }

    public IReadOnlyList<VoiceEvent> Events => _events.ToArray();

    public long AudioBytes => Events.Where(e => e.Name == "Audio").Sum(e => ((byte[])e.Args[0]!).LongLength);

    /// <param name="json">SignalR's JSON protocol instead of MessagePack (an outside client's choice).</param>
    public static Task<VoiceHubClient> ConnectAsync(KestrelVoiceSiteFactory factory, string email, string password = "User-pass-1", bool json = false) =>
        ConnectAsync(factory.ServerAddress, email, password, json);

    /// <summary>Signs in at <paramref name="site"/> (a site or a proxy in front of several) and connects to its hub.</summary>
    public static async Task<VoiceHubClient> ConnectAsync(Uri site, string email, string password, bool json = false)
    {
        var cookies = new CookieContainer();
        using (var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = site })
            await http.SignInAsync(email, password);
        return await ConnectAsync(site, cookies, json);
    }

    /// <summary>A new connection with the cookies of an earlier sign-in (what a browser does when it reconnects).</summary>
    public static async Task<VoiceHubClient> ConnectAsync(Uri site, CookieContainer cookies, bool json = false)
    {
        var client = Wrap(Build(site, cookies, json));
        client.Cookies = cookies;
        await client.Connection.StartAsync();
        return client;
    }

    /// <summary>The sign-in cookies this connection was made with.</summary>
    public CookieContainer Cookies { get; private set; } = new();

    /// <summary>A connection without a sign-in cookie.</summary>
    public static HubConnection Anonymous(KestrelVoiceSiteFactory factory) => Build(factory.ServerAddress, new CookieContainer());

    private static HubConnection Build(Uri site, CookieContainer cookies, bool json = false)
    {
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(site, "/hubs/voice"), o =>
            {
                o.Cookies = cookies;
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true; // like the browser: any replica takes the connection
            });
        if (!json)
            builder.AddMessagePackProtocol(); // otherwise the client's default, JSON
        return builder.Build();
    }

    private HubConnection Record()
    {
        void On(string name, Type[] types) =>
            Connection.On(name, types, args =>
            {
                _events.Enqueue(new VoiceEvent(name, args));
                _arrived.Release();
                return Task.CompletedTask;
            });
        On("Audio", [typeof(byte[])]);
        On("SpeechStarted", []);
        On("SpeechStopped", []);
        On("UserTranscript", [typeof(string), typeof(string)]);
        On("AssistantTranscriptDelta", [typeof(string), typeof(string)]);
        On("TurnCompleted", [typeof(string)]);
        On("Error", [typeof(string), typeof(string)]);
        On("SessionEnded", [typeof(string)]);
        return Connection;
    }

    public Task<VoiceSite.Voice.SessionInfo> StartSessionAsync(Guid conversationId, string mode = "realtime") =>
        Connection.InvokeAsync<VoiceSite.Voice.SessionInfo>("StartSession", conversationId.ToString(), mode);

    /// <summary>Fire-and-forget audio, like the browser.</summary>
    public Task SendAudioAsync(byte[] pcm16) => Connection.SendAsync("SendAudio", pcm16);

    public Task InterruptAsync(int playedMs) => Connection.SendAsync("Interrupt", playedMs);

    // A mirror of the server's audio token bucket, kept a little stricter (2 s burst, refilled at real time) so
    // back-to-back utterances are never dropped as too fast.
    private double _audioTokensMs = 2000;
    private DateTime _audioTokensAt = DateTime.UtcNow;

    /// <summary>
    /// Sends audio in 40 ms chunks as fast as the server accepts it: up to two seconds at once, then at
    /// about real time (the server drops audio that arrives much faster than that).
    /// </summary>
    public async Task SpeakAsync(byte[] pcm16, CancellationToken cancellationToken = default)
    {
        foreach (var chunk in TestAudio.Chunks(pcm16, 40))
        {
            var chunkMs = chunk.Length / 48.0;
            var now = DateTime.UtcNow;
            _audioTokensMs = Math.Min(2000, _audioTokensMs + (now - _audioTokensAt).TotalMilliseconds);
            _audioTokensAt = now;
            if (_audioTokensMs < chunkMs)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(chunkMs - _audioTokensMs), cancellationToken);
                _audioTokensMs = chunkMs;
                _audioTokensAt = DateTime.UtcNow;
            }
            _audioTokensMs -= chunkMs;
            await SendAudioAsync(chunk);
        }
    }

    /// <summary>Speaks <paramref name="utterance"/> and returns the assistant's whole reply once its turn is stored.</summary>
    public async Task<string> TalkAsync(byte[] utterance)
    {
        var before = Events.Count;
        await SpeakAsync(utterance);
        var delta = await WaitForAsync("AssistantTranscriptDelta", after: before);
        await WaitForAsync("TurnCompleted", e => e.Text(0) == delta.Text(0), after: before);
        return string.Concat(Events.Skip(before)
            .Where(e => e.Name == "AssistantTranscriptDelta" && e.Text(0) == delta.Text(0)).Select(e => e.Text(1)));
    }

    /// <summary>Waits for the next event (after <paramref name="after"/> events) that matches; fails after the timeout.</summary>
    public async Task<VoiceEvent> WaitForAsync(string name, Func<VoiceEvent, bool>? match = null, int after = 0, int timeoutSeconds = 20)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        while (true)
        {
            var found = Events.Skip(after).FirstOrDefault(e => e.Name == name && (match?.Invoke(e) ?? true));
            if (found is not null)
                return found;
            try
            {
                await _arrived.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"No {name} within {timeoutSeconds} s. Events: {string.Join("; ", Events.TakeLast(15))}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        _arrived.Dispose();
    }

    private static VoiceHubClient Wrap(HubConnection connection)
    {
        var client = new VoiceHubClient(connection);
        client.Record();
        return client;
    }
}
