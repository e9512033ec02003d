using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VoiceSite.Data;
using VoiceSite.Data.Entities;
using VoiceSite.Recordings.Storage;

namespace VoiceSite.Recordings;

/// <summary>
/// Starts a <see cref="SessionRecorder"/> for each voice session whose conversation may be recorded, and keeps every
/// recorder's background work in view. When the host stops (a hosted service, so before the web server and the
/// service container go away) each live recording is ended and stored to its last page, then no new one starts.
/// </summary>
public sealed partial class SessionRecorders(
    IOptions<RecordingOptions> options,
    IRecordingStore store,
    IDbContextFactory<AppDbContext> dbFactory,
    TimeProvider clock,
    ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private readonly ConcurrentDictionary<SessionRecorder, byte> _live = new();
    private readonly ILogger _logger = loggers.CreateLogger<SessionRecorder>();
    private volatile bool _stopping;

    /// <summary>Recorders still storing (those ended but not yet finished included).</summary>
    public int LiveCount => _live.Keys.Count(r => !r.Completion.IsCompleted);

    /// <summary>A recorder for a session starting now, or <see cref="SessionRecorder.None"/> when recording is off for it.</summary>
    public async Task<SessionRecorder> StartAsync(Guid conversationId, VoiceMode mode, CancellationToken cancellationToken)
    {
        if (_stopping || !options.Value.Enabled || !await IsEnabledForAsync(conversationId, cancellationToken))
            return SessionRecorder.None;
        foreach (var done in _live.Keys.Where(r => r.Completion.IsCompleted))
            _live.TryRemove(done, out _);
        var sink = new RecordingSink(conversationId, mode, clock.GetUtcNow().UtcDateTime, store, dbFactory, clock, _logger);
        var recorder = new SessionRecorder(sink, options.Value, clock, _logger);
        _live[recorder] = 0;
        return recorder;
    }

    /// <summary>Whether sessions of the conversation are recorded: the site's setting and its scenario's (a deleted scenario's conversations keep recording).</summary>
    public async Task<bool> IsEnabledForAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
            return false;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Conversations.Where(c => c.Id == conversationId)
            .Select(c => c.Scenario == null || c.Scenario.RecordingEnabled)
            .FirstOrDefaultAsync(cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Said once at start: the managed Opus port costs far more per recorded session than native libopus (the
        // container installs it; see the Dockerfile), so an operator should see which one runs.
        if (options.Value.Enabled)
        {
            using var probe = new Ogg.OggOpusEncoder(24_000, 5, 1, serial: 0);
            LogEncoder(probe.Implementation);
        }
        return Task.CompletedTask;
    }

    /// <summary>The host is stopping: ends every live recording and waits (within the host's shutdown time) until it is stored.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        await EndAllAsync().WaitAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => new(EndAllAsync());

    private Task EndAllAsync()
    {
        var live = _live.Keys.ToArray();
        foreach (var recorder in live)
            recorder.Complete();
        return Task.WhenAll(live.Select(r => r.Completion));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recordings are encoded with {Encoder}")]
    private partial void LogEncoder(string encoder);
}
