// Experimental GA realtime client types (see RealtimeConnector).
#pragma warning disable OPENAI002

using System.Net.WebSockets;
using System.Threading.Channels;
using OpenAI.Realtime;
using VoiceSite.Audio;
using VoiceSite.Conversations;
using VoiceSite.Data.Entities;
using VoiceSite.Telemetry;
using VoiceSite.Voice.Upstream;

namespace VoiceSite.Voice.Realtime;

/// <summary>
/// Realtime mode: relays audio between the browser and one Azure OpenAI Realtime (GA) socket, stores each turn as
/// it ends, truncates interrupted replies to what was heard, and renews the upstream session (with the
/// conversation replayed) before Azure's 30-minute limit. Update handling is in RealtimeSession.Updates.cs.
/// </summary>
internal sealed partial class RealtimeSession : IVoiceSession
{
    private readonly VoiceSessionContext _context;
    private readonly RealtimeConnector _connector;
    private readonly ConversationStore _store;
    private readonly RealtimeOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly TurnWriter _writer;
    private readonly Channel<byte[]> _audio = Channel.CreateBounded<byte[]>(
        new BoundedChannelOptions(256) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _upstreamLock = new(1, 1);
    private readonly object _gate = new();

    private RealtimeSessionClient? _upstream;
    private CancellationTokenSource? _generation;
    private ITimer? _renewTimer;
    private long _upstreamOpenedAt;
    private Task _run = Task.CompletedTask;
    private int _ended;
    private bool _started;

    public RealtimeSession(VoiceSessionContext context, RealtimeConnector connector, ConversationStore store,
        RealtimeOptions options, TimeProvider clock, ILogger logger)
    {
        _context = context;
        _connector = connector;
        _store = store;
        _options = options;
        _clock = clock;
        _logger = logger;
        _writer = new TurnWriter(store, context, logger);
    }

    public VoiceMode Mode => VoiceMode.Realtime;

    private IVoiceClient Client => _context.Client;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _upstream = await OpenUpstreamAsync(_context.Conversation.History, cancellationToken);
        await RequestOpeningLineAsync(cancellationToken); // coaching: the AI speaks first (RealtimeSession.Coaching.cs)
        _run = RunAsync();
        _started = true;
    }

    public void AcceptAudio(byte[] pcm16)
    {
        _context.Recorder.User(pcm16);
        if (!_audio.Writer.TryWrite(pcm16))
        {
            _context.Metrics.AudioDropped(VoiceMode.Realtime, pcm16.Length, VoiceMetrics.DropReasons.QueueFull);
            AudioChunkPool.Shared.Return(pcm16); // the recording took a copy; nothing else holds it
            LogAudioDropped();
        }
    }

    public async Task EndAsync(string reason)
    {
        if (Interlocked.Exchange(ref _ended, 1) == 1)
        {
            await _run; // ended on its own; that path tells the browser
            return;
        }
        await _stop.CancelAsync();
        await _run;
        await FinishAsync(reason, lost: false);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_started)
        {
            // Never started (StartSession failed): the caller reports the failure; there is no session to end.
            Interlocked.Exchange(ref _ended, 1);
            await _writer.DisposeAsync();
        }
        else if (Volatile.Read(ref _ended) == 0)
            await EndAsync("Session ended.");
        _renewTimer?.Dispose();
        _upstream?.Dispose();
        _stop.Dispose();
        _upstreamLock.Dispose();
    }

    private async Task<RealtimeSessionClient> OpenUpstreamAsync(IReadOnlyList<HistoryTurn> history, CancellationToken cancellationToken)
    {
        var upstream = await _connector.ConnectAsync(cancellationToken);
        try
        {
            await upstream.ConfigureConversationSessionAsync(WithCoaching(RealtimeSessionSetup.SessionOptions(_context.Conversation, _options)), cancellationToken);
            await RealtimeSessionSetup.ReplayAsync(upstream, history, cancellationToken);
        }
        catch (Exception e) when (e is WebSocketException or InvalidOperationException)
        {
            upstream.Dispose();
            throw new VoiceSessionException("The realtime service closed the connection while the session was being set up. Try again.", e);
        }
        catch
        {
            upstream.Dispose();
            throw;
        }
        _upstreamOpenedAt = _clock.GetTimestamp();
        _renewTimer?.Dispose();
        _renewTimer = _clock.CreateTimer(_ => OnRenewDue(), null, _options.RenewAfter, Timeout.InfiniteTimeSpan);
        LogUpstreamOpened(_context.Conversation.Id, history.Count);
        return upstream;
    }

    /// <summary>Runs until the browser ends the session or the upstream is lost (then tells the browser).</summary>
    private async Task RunAsync()
    {
        var send = SendAudioLoopAsync();
        var lostReason = await ReceiveLoopAsync();
        if (lostReason is null || Interlocked.Exchange(ref _ended, 1) == 1)
        {
            await send;
            return;
        }
        await _stop.CancelAsync();
        await send;
        await FinishAsync(lostReason, lost: true);
        _context.OnEnded(this);
    }

    /// <summary>
    /// Null when stopped by request; otherwise why the upstream ended for good. A lost upstream is reopened with the
    /// conversation replayed (RealtimeSession.Recovery.cs); only when that keeps failing does the session end.
    /// </summary>
    private async Task<string?> ReceiveLoopAsync()
    {
        while (true)
        {
            using var generation = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            Volatile.Write(ref _generation, generation);
            string? lost = null;
            try
            {
                var renew = await ReadUpstreamAsync(_upstream!, generation.Token) == UpdateOutcome.Renew;
                if (!renew)
                    lost = _lastUpstreamError is { } error
                        ? $"The realtime service ended the session: {error}"
                        : "The realtime service closed the session.";
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return null;
            }
            catch (OperationCanceledException) when (generation.IsCancellationRequested)
            {
                // Renewal requested by the timer while idle.
            }
            catch (Exception e)
            {
                // A dropped socket, or an event the client library could not read: either way this upstream is unusable.
                _context.Metrics.UpstreamError(UpstreamServiceKind.Realtime, VoiceErrorCodes.UpstreamLost);
                LogUpstreamLost(e);
                lost = "The connection to the realtime service was lost.";
            }

            if (lost is not null)
            {
                if (await RecoverAsync())
                    continue;
                return _stop.IsCancellationRequested ? null : lost;
            }
            try
            {
                await RenewAsync();
            }
            catch (VoiceSessionException e)
            {
                return $"The realtime session could not be renewed: {e.Message}";
            }
        }
    }

    /// <summary>
    /// Replaces the upstream with a fresh session carrying the conversation so far, between turns, so Azure's
    /// 30-minute limit never cuts a conversation off.
    /// </summary>
    private async Task RenewAsync()
    {
        await _upstreamLock.WaitAsync(_stop.Token);
        try
        {
            var old = _upstream!;
            await _writer.FlushAsync();
            var history = await _store.LoadHistoryAsync(_context.Conversation.Id, _stop.Token);
            _upstream = await OpenUpstreamAsync(history, _stop.Token);
            old.Dispose();
            ResetTurnsForNewUpstream();
            LogRenewed(_context.Conversation.Id);
        }
        finally
        {
            _upstreamLock.Release();
        }
    }

    private void OnRenewDue()
    {
        bool idle;
        lock (_gate)
        {
            _renewDue = true;
            idle = !_userSpeaking && _assistant is null;
        }
        var overdue = _clock.GetElapsedTime(_upstreamOpenedAt) >= _options.RenewAfter + TimeSpan.FromSeconds(90);
        if (idle || overdue)
        {
            try
            {
                Volatile.Read(ref _generation)?.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The receive loop moved on to another upstream or ended meanwhile (this runs on a timer thread, where an
                // exception would take the whole process down): nothing left to renew here.
            }
        }
        else
            _renewTimer?.Change(TimeSpan.FromSeconds(15), Timeout.InfiniteTimeSpan);
    }

    /// <summary>Stores what is left, closes upstream, and tells the browser why the session ended.</summary>
    private async Task FinishAsync(string reason, bool lost)
    {
        StoreUnfinishedTurns();
        _renewTimer?.Dispose();
        await CloseUpstreamAsync();
        await _writer.DisposeAsync();
        try
        {
            if (lost)
                await Client.Error(VoiceErrorCodes.UpstreamLost, $"{reason} Press Connect to continue the conversation.");
            await Client.SessionEnded(reason);
        }
        catch (Exception e)
        {
            LogNotifyFailed(e);
        }
        LogEnded(_context.Conversation.Id, reason);
    }

    private async Task CloseUpstreamAsync()
    {
        if (_upstream?.WebSocket is { State: WebSocketState.Open } socket)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "session ended", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                LogCloseFailed(e);
            }
        }
        _upstream?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Realtime upstream opened for conversation {ConversationId} with {HistoryTurns} earlier turns")]
    private partial void LogUpstreamOpened(Guid conversationId, int historyTurns);

    [LoggerMessage(Level = LogLevel.Information, Message = "Realtime upstream renewed for conversation {ConversationId}")]
    private partial void LogRenewed(Guid conversationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Realtime session for conversation {ConversationId} ended: {Reason}")]
    private partial void LogEnded(Guid conversationId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Realtime upstream lost")]
    private partial void LogUpstreamLost(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Microphone audio dropped: the upstream queue is full")]
    private partial void LogAudioDropped();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Closing the realtime socket failed")]
    private partial void LogCloseFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Telling the browser the session ended failed")]
    private partial void LogNotifyFailed(Exception exception);
}
