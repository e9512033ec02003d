using System.Runtime.CompilerServices;
using System.Text;
using OpenAI.Chat;
using VoiceSite.Voice.Upstream;

namespace VoiceSite.Voice.Pipeline;

/// <summary>
/// A chat answer streaming in (from <see cref="ChatStreamer.StartAsync"/>): read its text with
/// <see cref="ReadTextAsync"/>, then dispose. <see cref="Cancel"/> or disposing stops the stream at once (barge-in).
/// </summary>
public sealed class ChatReply : IAsyncDisposable
{
    private readonly IAsyncEnumerator<StreamingChatCompletionUpdate> _updates;
    private readonly CancellationTokenSource _cts;
    private readonly long _started;
    private readonly int _messageCount;
    private readonly string _deployment;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly StringBuilder _text = new();
    private readonly SortedDictionary<int, ToolCallBuilder> _toolCalls = [];
    private bool _hasCurrent;
    private int _reading;

    internal ChatReply(
        IAsyncEnumerator<StreamingChatCompletionUpdate> updates, bool hasFirst, CancellationTokenSource cts, long started,
        int messageCount, string deployment, TimeProvider time, ILogger logger)
    {
        _updates = updates;
        _hasCurrent = hasFirst;
        _cts = cts;
        _started = started;
        _messageCount = messageCount;
        _deployment = deployment;
        _time = time;
        _logger = logger;
        TimeToFirstUpdate = time.GetElapsedTime(started);
    }

    /// <summary>From sending the request to the first streamed event.</summary>
    public TimeSpan TimeToFirstUpdate { get; }

    /// <summary>From sending the request to the first text (the chat time-to-first-token); null until it comes.</summary>
    public TimeSpan? TimeToFirstToken { get; private set; }

    /// <summary>The text received so far (after <see cref="ReadTextAsync"/> has finished: the whole reply).</summary>
    public string Text => _text.ToString();

    /// <summary>Why the model stopped (<c>Stop</c>, <c>Length</c>, <c>ContentFilter</c>, ...); null until the end.</summary>
    public string? FinishReason { get; private set; }

    /// <summary>Token counts, when the service reported them (at the end of the stream).</summary>
    public ChatUsage? Usage { get; private set; }

    /// <summary>The functions the model called, once the stream has ended (empty when it only spoke).</summary>
    public IReadOnlyList<ChatToolCallRequest> ToolCalls =>
        IsComplete ? _toolCalls.Values.Where(c => c.Name.Length > 0).Select(c => new ChatToolCallRequest(c.Id, c.Name, c.Arguments.ToString())).ToList() : [];

    /// <summary>True once the stream has ended normally.</summary>
    public bool IsComplete { get; private set; }

    /// <summary>The text deltas, in order, as they arrive. Can be enumerated once.</summary>
    /// <exception cref="UpstreamException">The stream broke off (<see cref="UpstreamFailure.Dropped"/>) or stalled (<see cref="UpstreamFailure.Timeout"/>).</exception>
    /// <exception cref="OperationCanceledException">Cancelled through either token, <see cref="Cancel"/> or dispose.</exception>
    public async IAsyncEnumerable<string> ReadTextAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _reading, 1) != 0)
            throw new InvalidOperationException("The reply can be read once.");
        using var link = cancellationToken.Register(static s => ((ChatReply)s!).Cancel(), this);

        while (_hasCurrent)
        {
            var update = _updates.Current;
            if (update.Usage is { } usage)
                Usage = new ChatUsage(usage.InputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount);
            if (update.FinishReason is { } finish)
                FinishReason = finish.ToString();
            foreach (var call in update.ToolCallUpdates)
            {
                // A call streams in pieces: id and name first, then the arguments, all keyed by its index.
                if (!_toolCalls.TryGetValue(call.Index, out var builder))
                    _toolCalls[call.Index] = builder = new ToolCallBuilder();
                if (!string.IsNullOrEmpty(call.ToolCallId))
                    builder.Id = call.ToolCallId;
                if (!string.IsNullOrEmpty(call.FunctionName))
                    builder.Name = call.FunctionName;
                if (call.FunctionArgumentsUpdate is { } arguments && !arguments.IsEmpty)
                    builder.Arguments.Append(arguments.ToString());
            }
            foreach (var part in update.ContentUpdate)
            {
                if (string.IsNullOrEmpty(part.Text))
                    continue;
                if (TimeToFirstToken is null)
                {
                    TimeToFirstToken = _time.GetElapsedTime(_started);
                    PipelineLog.ChatFirstToken(_logger, _messageCount, _deployment, TimeToFirstToken.Value.TotalMilliseconds);
                }
                _text.Append(part.Text);
                yield return part.Text;
            }
            _hasCurrent = await NextAsync();
        }
        IsComplete = true;
        PipelineLog.ChatFinished(_logger, FinishReason ?? "(none)", Usage?.InputTokens ?? 0, Usage?.OutputTokens ?? 0);
    }

    /// <summary>Stops the stream (barge-in). Safe from any thread, any number of times.</summary>
    public void Cancel()
    {
        try { _cts.Cancel(); } catch (ObjectDisposedException) { }
    }

    public async ValueTask DisposeAsync()
    {
        Cancel();
        await ChatStreamer.DisposeQuietlyAsync(_updates);
        _cts.Dispose();
    }

    private sealed class ToolCallBuilder
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public StringBuilder Arguments { get; } = new();
    }

    private async ValueTask<bool> NextAsync()
    {
        try
        {
            return await _updates.MoveNextAsync();
        }
        catch (OperationCanceledException) when (_cts.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            throw ChatStreamer.Failed(_logger, ChatStreamer.Map(e, answerStarted: true));
        }
    }
}
