// Experimental GA realtime client types (see RealtimeConnector).
#pragma warning disable OPENAI002

using OpenAI.Realtime;
using VoiceSite.Data.Entities;
using VoiceSite.Voice.Tools;

namespace VoiceSite.Voice.Realtime;

/// <summary>
/// Coaching: the AI's opening line, the scenario's turn-taking settings and tools in the session, and the model's
/// function calls (stored as tool turns; a tool that ends the role-play ends the session once the closing words are heard).
/// </summary>
internal sealed partial class RealtimeSession
{
    /// <summary>Tool rounds answered in a row before the model must speak without them (a loop guard).</summary>
    private const int MaxToolRounds = 3;

    private Task? _ending;
    private int _toolRounds;

    private RealtimeConversationSessionOptions WithCoaching(RealtimeConversationSessionOptions options) =>
        RealtimeCoachingSetup.Apply(options, _context.Conversation);

    /// <summary>In a new conversation with an opening line, asks the model to speak first (before the audio loops start).</summary>
    private async Task RequestOpeningLineAsync(CancellationToken cancellationToken)
    {
        if (!_context.Conversation.Coaching.SpeaksFirst(_context.Conversation.History))
            return;
        await _upstream!.StartResponseAsync(RealtimeCoachingSetup.OpeningResponse(_context.Conversation), cancellationToken);
        LogOpening(_context.Conversation.Id);
    }

    /// <summary>
    /// After a response is done (and its words queued for storage): runs the function calls it made. Results go back to
    /// the model, which then goes on; a tool that ends the role-play ends the session instead.
    /// </summary>
    private async Task HandleToolCallsAsync(RealtimeResponse? response)
    {
        if (response?.Status != RealtimeResponseStatus.Completed)
            return; // cancelled or failed: calls in it are not acted on
        var calls = response.OutputItems.OfType<RealtimeFunctionCallItem>().ToList();
        if (calls.Count == 0)
        {
            _toolRounds = 0;
            return;
        }
        await _writer.FlushAsync(); // the words before the call are stored first
        string? endReason = null;
        var answered = false;
        foreach (var item in calls)
        {
            var call = new VoiceToolCall(_context.Conversation.Id, item.CallId ?? "", item.FunctionName ?? "",
                item.FunctionArguments?.ToString() ?? "{}", VoiceMode.Realtime);
            var result = await VoiceToolCalls.RunAsync(_context.Conversation.Coaching.Tools, call, _logger, _stop.Token);
            _writer.Add(VoiceToolCalls.TurnFor(call, result, Now));
            endReason ??= result.EndReason;
            if (result.EndReason is null)
            {
                await SendAsync(u => u.AddItemAsync(RealtimeItem.CreateFunctionCallOutputItem(call.CallId, result.Output), _stop.Token));
                answered = true;
            }
        }
        if (endReason is not null)
        {
            EndAfterClosingWords(endReason);
            return;
        }
        if (answered && ++_toolRounds <= MaxToolRounds)
            await SendAsync(u => u.StartResponseAsync(_stop.Token)); // the model goes on with the results
    }

    /// <summary>Ends the session with the tool's reason once the reply now playing in the browser has been heard.</summary>
    private void EndAfterClosingWords(string reason)
    {
        double remainingMs;
        lock (_gate)
        {
            var last = _lastAssistant;
            remainingMs = last is null ? 0 : last.AudioMs - (Now - last.StartedAt).TotalMilliseconds;
        }
        var wait = TimeSpan.FromMilliseconds(Math.Clamp(remainingMs + 700, 0, 30_000));
        _ending ??= EndLaterAsync(reason, wait);
    }

    private async Task EndLaterAsync(string reason, TimeSpan wait)
    {
        try
        {
            await Task.Delay(wait, _clock, _stop.Token);
            await EndAsync(reason);
            _context.OnEnded(this);
        }
        catch (OperationCanceledException)
        {
            // Ended meanwhile (the learner left or switched mode): that path told the browser.
        }
        catch (Exception e)
        {
            LogEndingFailed(e);
        }
    }

    private async Task SendAsync(Func<RealtimeSessionClient, Task> send)
    {
        await _upstreamLock.WaitAsync(_stop.Token);
        try
        {
            await send(_upstream!);
        }
        finally
        {
            _upstreamLock.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Realtime: the AI opens conversation {ConversationId}")]
    private partial void LogOpening(Guid conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ending the realtime session after a tool call failed")]
    private partial void LogEndingFailed(Exception exception);
}
