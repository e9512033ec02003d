using VoiceSite.Data.Entities;
using VoiceSite.Voice.Tools;

namespace VoiceSite.Voice.Pipeline;

/// <summary>
/// Coaching: the opening line (synthesised and played when a new conversation starts, stored like any reply), the
/// scenario's tools offered to the chat model, and the calls it makes (stored as tool turns; results go back to the model,
/// which then goes on; a tool that ends the role-play ends the session once the closing words are heard).
/// </summary>
internal sealed partial class PipelineSession
{
    /// <summary>Tool rounds answered in a row before the model must speak without them (a loop guard).</summary>
    private const int MaxToolRounds = 3;

    private Task? _ending;

    private IReadOnlyList<ChatToolDefinition> ChatTools =>
        _context.Conversation.Coaching.Tools.Select(t => new ChatToolDefinition(t.Name, t.Description, t.ParametersSchema)).ToList();

    /// <summary>Runs beside the audio and answer loops: in a new conversation with an opening line, the AI says it first.</summary>
    private async Task SpeakOpeningLineAsync()
    {
        var coaching = _context.Conversation.Coaching;
        if (!coaching.SpeaksFirst(_context.Conversation.History))
            return;
        var reply = new PipelineReply(_chat, _tts, Client, _clock, _context.Conversation.PipelineVoice, speechStoppedAt: null, _speakingRate, _context.Recorder);
        lock (_gate)
        {
            if (_reply is not null || _speaking is not null)
                return; // the learner got in first
            _reply = _lastReply = reply;
            _lastReplyHistoryIndex = -1;
        }
        LogOpening(_context.Conversation.Id);
        var completed = await reply.RunScriptedAsync(coaching.OpeningLine.Trim());

        string text;
        bool interrupted;
        lock (_gate)
        {
            _reply = null;
            reply.Done = true;
            interrupted = !completed || reply.HeardMs is not null;
            text = reply.HeardText;
            if (text.Length > 0)
            {
                _history.Insert(0, ChatTurn.Assistant(text));
                _lastReplyHistoryIndex = 0;
            }
        }
        if (reply.AudioBytes == 0 && text.Length == 0)
            return;
        _writer.Add(new Turn
        {
            Id = reply.TurnId,
            ConversationId = _context.Conversation.Id,
            Role = TurnRole.Assistant,
            Mode = VoiceMode.Pipeline,
            Text = HeardText.OrNoWords(text),
            StartedAt = reply.StartedAt,
            DurationMs = (int)(reply.HeardMs ?? reply.AudioMs),
            Interrupted = interrupted,
            TtsFirstByteMs = reply.TtsFirstByteMs,
            TtsCharacters = reply.TtsCharacters,
        });
    }

    /// <summary>After a reply: runs the functions the model called in it, then lets the model go on with the results.</summary>
    private async Task AfterReplyAsync(Utterance utterance)
    {
        for (var round = 0; round < MaxToolRounds; round++)
        {
            PipelineReply? reply;
            lock (_gate)
                reply = _lastReply;
            if (reply is null || reply.Cancelled || reply.ToolCalls.Count == 0)
                return; // no calls, or cut off by the learner: calls in a cut-off reply are not acted on
            var calls = reply.ToolCalls;
            await _writer.FlushAsync(); // the words before the call are stored first
            string? endReason = null;
            var results = new List<ChatTurn>();
            foreach (var request in calls)
            {
                var call = new VoiceToolCall(_context.Conversation.Id, request.Id, request.Name, request.Arguments, VoiceMode.Pipeline);
                var result = await VoiceToolCalls.RunAsync(_context.Conversation.Coaching.Tools, call, _logger, _stop.Token);
                _writer.Add(VoiceToolCalls.TurnFor(call, result, _clock.GetUtcNow().UtcDateTime));
                endReason ??= result.EndReason;
                results.Add(ChatTurn.ToolResult(request.Id, result.Output));
            }
            if (endReason is not null)
            {
                EndAfterClosingWords(reply, endReason);
                return;
            }
            lock (_gate)
            {
                _history.Add(ChatTurn.Calls(calls));
                _history.AddRange(results);
            }
            if (Volatile.Read(ref _ended) == 1 || _speaking is not null)
                return; // the learner is talking again: their next turn is answered with the results in context
            await ReplyAsync(utterance);
        }
    }

    /// <summary>Ends the session with the tool's reason once the closing reply has played in the browser.</summary>
    private void EndAfterClosingWords(PipelineReply closing, string reason)
    {
        var remainingMs = closing.AudioMs - (_clock.GetUtcNow().UtcDateTime - closing.StartedAt).TotalMilliseconds;
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline: the AI opens conversation {ConversationId}")]
    private partial void LogOpening(Guid conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ending the pipeline session after a tool call failed")]
    private partial void LogEndingFailed(Exception exception);
}
