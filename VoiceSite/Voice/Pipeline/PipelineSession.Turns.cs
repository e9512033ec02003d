using VoiceSite.Data.Entities;
using VoiceSite.Telemetry;
using VoiceSite.Voice.Upstream;

namespace VoiceSite.Voice.Pipeline;

/// <summary>Finished utterances -> user turns -> spoken replies; barge-in and storage.</summary>
internal sealed partial class PipelineSession
{
    // Guarded by _gate: touched by the answer loop, the audio loop (barge-in) and Interrupt (hub call).
    private readonly object _gate = new();
    private readonly List<ChatTurn> _history;
    private PipelineReply? _reply;
    private PipelineReply? _lastReply;
    private int _lastReplyHistoryIndex = -1;
    private readonly SpeakingRate _speakingRate = new();

    // Audio sent to speech-to-text for utterances with no words recognized (no turn of their own): billed all the
    // same, so it is stored with the next user turn. Touched by the answer loop only.
    private double _unstoredSttMs;

    /// <summary>The answer loop: one utterance at a time, in the order spoken.</summary>
    private async Task AnswerAsync()
    {
        await foreach (var utterance in _finished.Reader.ReadAllAsync())
        {
            await AnswerUtteranceAsync(utterance);
            _writer.EndTrace(utterance.Trace);
        }
    }

    private async Task AnswerUtteranceAsync(Utterance utterance)
    {
        // The chat and text-to-speech requests below are spans of the turn's trace.
        using var trace = utterance.Trace?.Enter();
        var text = await TranscribeAsync(utterance);
        if (text is null)
            return;
        // Not answered when the session is ending, or when the user has already started speaking again
        // (the next utterance is answered with this one in context).
        if (Volatile.Read(ref _ended) == 1 || _speaking is not null)
            return;
        await ReplyAsync(utterance);
        await AfterReplyAsync(utterance); // coaching: the model's tool calls (PipelineSession.Coaching.cs), in the turn's trace
    }

    /// <summary>The utterance's text (stored as the user's turn), or null when there is nothing to answer.</summary>
    private async Task<string?> TranscribeAsync(Utterance utterance)
    {
        var results = new List<SpeechRecognitionResult>();
        double SttMs() => results.Sum(r => r.AudioDuration.TotalMilliseconds);
        try
        {
            if (utterance.StartFailure is { } failed)
                throw failed is UpstreamException ? failed : new UpstreamException(UpstreamServiceKind.SpeechToText, UpstreamFailure.Unreachable, innerException: failed);
            foreach (var earlier in utterance.Earlier)
                results.Add(await earlier);
            if (utterance.Current is { } recognition)
            {
                await using (recognition)
                    results.Add(await recognition.CompleteAsync(_stop.Token));
            }
        }
        catch (UpstreamException e)
        {
            _context.Metrics.UpstreamError(e);
            await Client.Error(e.ErrorCode, $"{e.Message} Your words were kept as untranscribed; say them again.");
            StoreUserTurn(utterance, TurnWriter.NotTranscribed, sttLatencyMs: null, SttMs()); // the segments recognized before the failure
            return null;
        }

        var text = string.Join(' ', results.Where(r => r.HasSpeech).Select(r => r.Text.Trim()).Where(t => t.Length > 0));
        if (text.Length == 0)
        {
            _unstoredSttMs += SttMs();
            await Client.Error(VoiceErrorCodes.NoMatch, "Nothing was recognized in what you said. Speak again, a little closer to the microphone.");
            return null;
        }
        var latency = results.Count > 0 ? (int?)results[^1].Latency.TotalMilliseconds : null;
        await Client.UserTranscript(utterance.TurnId.ToString(), text);
        StoreUserTurn(utterance, text, latency, SttMs());
        return text;
    }

    /// <param name="sttMs">Audio the utterance's recognitions returned a result for (a failed request is not billed).</param>
    private void StoreUserTurn(Utterance utterance, string text, int? sttLatencyMs, double sttMs)
    {
        var billedMs = (int)Math.Round(sttMs + _unstoredSttMs);
        _unstoredSttMs = 0;
        _writer.Add(new Turn
        {
            Id = utterance.TurnId,
            ConversationId = _context.Conversation.Id,
            Role = TurnRole.User,
            Mode = VoiceMode.Pipeline,
            Text = text,
            StartedAt = utterance.StartedAt,
            DurationMs = utterance.DurationMs,
            SttLatencyMs = sttLatencyMs,
            SttAudioMs = billedMs,
        }, utterance.Trace);
        if (text != TurnWriter.NotTranscribed)
            lock (_gate)
                _history.Add(ChatTurn.User(text));
    }

    private async Task ReplyAsync(Utterance utterance)
    {
        var reply = new PipelineReply(_chat, _tts, Client, _clock, _context.Conversation.PipelineVoice, utterance.StoppedAt, _speakingRate, _context.Recorder) { Tools = ChatTools };
        List<ChatTurn> history;
        lock (_gate)
        {
            _reply = _lastReply = reply;
            _lastReplyHistoryIndex = -1;
            history = [.. _history];
        }
        var completed = await reply.RunAsync(_context.Conversation.Instructions, history);
        if (reply.Failure is { } failure)
            _context.Metrics.UpstreamError(failure);

        bool interrupted;
        string text;
        lock (_gate)
        {
            _reply = null;
            reply.Done = true;
            interrupted = !completed || reply.HeardMs is not null;
            text = reply.HeardText;
            if (text.Length > 0)
            {
                _history.Add(ChatTurn.Assistant(text));
                _lastReplyHistoryIndex = _history.Count - 1;
            }
        }
        if (reply.AudioBytes == 0 && text.Length == 0)
            return; // nothing was said (chat failed, or cut off before the first sound)
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
            ResponseLatencyMs = reply.ResponseLatencyMs,
            ChatFirstTokenMs = reply.ChatFirstTokenMs,
            TtsFirstByteMs = reply.TtsFirstByteMs,
            InputTokens = reply.Usage?.InputTokens,
            OutputTokens = reply.Usage?.OutputTokens,
            TotalTokens = reply.Usage?.TotalTokens,
            TtsCharacters = reply.TtsCharacters,
        }, utterance.Trace);
        LogReplied(reply.ResponseLatencyMs, interrupted);
    }

    private void CancelReply()
    {
        lock (_gate)
            _reply?.Cancel();
    }

    public Task InterruptAsync(int playedMs)
    {
        PipelineReply? reply;
        bool done;
        int heard;
        lock (_gate)
        {
            reply = _lastReply;
            // Nothing to cut: no reply yet, already cut, or a reply that ran to its end and was heard to its end.
            if (reply is null || reply.HeardMs is not null || (reply.Done && !reply.Cancelled && playedMs >= reply.AudioMs))
                return Task.CompletedTask;
            heard = (int)Math.Min(playedMs, Math.Floor(reply.AudioMs));
            reply.HeardMs = heard;
            _context.Recorder.CutAssistant(reply.TurnId, heard);
            done = reply.Done;
            if (done && _lastReplyHistoryIndex >= 0)
                _history[_lastReplyHistoryIndex] = ChatTurn.Assistant(reply.HeardText);
        }
        if (done)
            _writer.MarkInterrupted(reply.TurnId, reply.HeardText, heard);
        else
            reply.Cancel(); // stored with the heard text when it winds up
        LogInterrupted(heard);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline reply: first audio {LatencyMs} ms after speech ended, interrupted {Interrupted}")]
    private partial void LogReplied(int? latencyMs, bool interrupted);

    [LoggerMessage(Level = LogLevel.Information, Message = "Barge-in: pipeline reply cut to {HeardMs} ms")]
    private partial void LogInterrupted(int heardMs);
}
