using System.Threading.Channels;
using VoiceSite.Conversations;
using VoiceSite.Data.Entities;
using VoiceSite.Telemetry;

namespace VoiceSite.Voice;

/// <summary>
/// Stores a session's turns in order, off the audio path, and tells the browser (<c>TurnCompleted</c>) once each
/// is saved so its transcript refresh shows it. <see cref="DisposeAsync"/> waits for every queued write.
/// </summary>
public sealed partial class TurnWriter : IAsyncDisposable
{
    /// <summary>The text of a user turn whose words could not be transcribed (the same in both modes).</summary>
    public const string NotTranscribed = "(not transcribed)";

    private readonly Channel<Func<Task>> _work = Channel.CreateUnbounded<Func<Task>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConversationStore _store;
    private readonly VoiceSessionContext _context;
    private readonly IVoiceClient _client;
    private readonly ILogger _logger;
    private readonly Task _pump;
    private bool _conversationGone;

    public TurnWriter(ConversationStore store, VoiceSessionContext context, ILogger logger)
    {
        _store = store;
        _context = context;
        _client = context.Client;
        _logger = logger;
        _pump = PumpAsync();
    }

    /// <summary>
    /// Queues a finished turn; the browser hears <c>TurnCompleted</c> after it is saved, and its figures go to the
    /// site's meter. With <paramref name="trace"/>, the write is a span of that turn's trace.
    /// </summary>
    public void Add(Turn turn, TurnTrace? trace = null) => Enqueue(async () =>
    {
        await TurnTrace.StoreAsync(trace, turn, () => _store.AddTurnAsync(turn));
        _context.Metrics.TurnStored(turn);
        await _client.TurnCompleted(turn.Id.ToString());
    });

    /// <summary>Queues the end of a turn's trace, after every write queued before it.</summary>
    public void EndTrace(TurnTrace? trace)
    {
        if (trace is not null)
            Enqueue(() => { trace.End(); return Task.CompletedTask; });
    }

    /// <summary>
    /// Queues marking a stored assistant turn as interrupted with the text heard. The browser already had this turn's
    /// <c>TurnCompleted</c> (each turn gets exactly one); it refreshes its transcript after a barge-in by itself, and
    /// the user's turn that follows is stored after this update, so its <c>TurnCompleted</c> shows the cut text.
    /// </summary>
    public void MarkInterrupted(Guid turnId, string heardText, int heardMs) =>
        Enqueue(() => _store.MarkInterruptedAsync(turnId, HeardText.OrNoWords(heardText), heardMs));

    /// <summary>Completes once everything queued before it is stored.</summary>
    public Task FlushAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_work.Writer.TryWrite(() => { done.TrySetResult(); return Task.CompletedTask; }))
            done.TrySetResult();
        return done.Task;
    }

    private void Enqueue(Func<Task> work)
    {
        if (!_work.Writer.TryWrite(work))
            LogWriteAfterClose();
    }

    private async Task PumpAsync()
    {
        await foreach (var work in _work.Reader.ReadAllAsync())
        {
            try
            {
                await work();
            }
            catch (Exception e)
            {
                if (_conversationGone || await IsConversationGoneAsync())
                {
                    // Deleted while the session was live (perhaps on another server): stop talking, and spending.
                    LogConversationGone(_context.Conversation.Id);
                    if (!_conversationGone)
                        _context.OnConversationGone();
                    _conversationGone = true;
                    continue;
                }
                LogWriteFailed(e);
                try
                {
                    await _client.Error(VoiceErrorCodes.Storage, "A turn could not be saved to your history. The conversation continues; try again later if it is missing.");
                }
                catch (Exception notify)
                {
                    LogNotifyFailed(notify);
                }
            }
        }
    }

    private async Task<bool> IsConversationGoneAsync()
    {
        try
        {
            return !await _store.ExistsAsync(_context.Conversation.Id);
        }
        catch (Exception e)
        {
            LogWriteFailed(e);
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _work.Writer.TryComplete();
        await _pump;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Storing a turn failed")]
    private partial void LogWriteFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telling the browser about a storage failure failed")]
    private partial void LogNotifyFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {ConversationId} no longer exists; its live session is ended")]
    private partial void LogConversationGone(Guid conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A turn arrived after the session's writer closed; it was not stored")]
    private partial void LogWriteAfterClose();
}
