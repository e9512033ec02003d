using System.Text.Json.Nodes;
using VoiceSite.Audio;

namespace VoiceSite.Simulator.Realtime;

/// <summary>Assistant replies: streamed audio and transcript deltas, cancellation, usage, echo.</summary>
internal sealed partial class SimulatedRealtimeSession
{
    private const int ChunkMs = 100;

    /// <summary>
    /// Starts a reply unless one is already streaming. <paramref name="responseInstructions"/> (a <c>response.create</c>'s own)
    /// replace the session's for this reply; when they hold an opening line the reply is that line (see ReplyFor).
    /// </summary>
    private bool StartResponse(string? responseInstructions = null, bool afterCancelled = false)
    {
        SimulatedResponse response;
        string? previous;
        lock (_gate)
        {
            if (_response is not null)
            {
                // A turn detected while the reply it cut is still winding down: answer it once that reply is done,
                // as the service does (the whole utterance can arrive in one burst, before the cancelled stream ends).
                if (!afterCancelled || !_response.Cancel.IsCancellationRequested)
                    return false;
                _responseAfterCancelled = true;
                return true;
            }
            var (text, toolCall) = ReplyFor(responseInstructions);
            previous = _items.LastOrDefault()?.Id;
            var item = new SimulatedItem(RealtimeEvents.NewId("item"), "assistant", "");
            _items.Add(item);
            response = _response = new SimulatedResponse(RealtimeEvents.NewId("resp"), item, text) { ToolCall = toolCall };
        }
        response.Streaming = StreamAsync(response, previous);
        return true;
    }

    /// <summary>Stops the reply in progress; false when there is none.</summary>
    private bool CancelResponse(string reason, bool notify)
    {
        SimulatedResponse? response;
        lock (_gate)
            response = _response;
        if (response is null || response.Cancel.IsCancellationRequested)
            return false;
        response.CancelReason = notify ? reason : null;
        response.Cancel.Cancel();
        if (response.Text.Length == 0 && response.ToolCall is null)
        {
            // The echo response has no streaming task to wind it up.
            lock (_gate)
                _response = null;
            if (notify)
                Post(RealtimeEvents.Event("response.done", new JsonObject
                {
                    ["response"] = RealtimeEvents.Response(response.Id, "cancelled",
                        new JsonObject { ["type"] = "cancelled", ["reason"] = reason }, [], null, _config.Voice),
                }));
        }
        return true;
    }

    private async Task StreamAsync(SimulatedResponse response, string? previousItemId)
    {
        await Task.Yield();
        var voice = _config.Voice;
        var item = response.Item;
        var ids = new JsonObject { ["response_id"] = response.Id, ["item_id"] = item.Id, ["output_index"] = 0, ["content_index"] = 0 };
        JsonObject With(JsonObject extra) => Merge(ids, extra);

        Post(RealtimeEvents.Event("response.created", new JsonObject
        {
            ["response"] = RealtimeEvents.Response(response.Id, "in_progress", null, [], null, voice),
        }));
        Post(RealtimeEvents.Event("response.output_item.added", new JsonObject
        {
            ["response_id"] = response.Id, ["output_index"] = 0,
            ["item"] = RealtimeEvents.MessageItem(item.Id, "assistant", "in_progress", []),
        }));
        Post(RealtimeEvents.Event("conversation.item.added", new JsonObject
        {
            ["previous_item_id"] = previousItemId,
            ["item"] = RealtimeEvents.MessageItem(item.Id, "assistant", "in_progress", []),
        }));
        Post(RealtimeEvents.Event("response.content_part.added", With(new JsonObject { ["part"] = new JsonObject { ["type"] = "audio", ["transcript"] = "" } })));

        var options = Options;
        var token = response.Cancel.Token;
        var audio = SpeechLikeAudio.Synthesize(response.Text);
        var words = WordTimings(response.Text);
        var chunkBytes = Pcm16.BytesFor(TimeSpan.FromMilliseconds(ChunkMs));
        var dropAt = options.Fault != SimulatorFault.DropMidResponse ? int.MaxValue
            : options.DropAfterAudioMs is { } dropMs ? Pcm16.BytesFor(TimeSpan.FromMilliseconds(dropMs))
            : audio.Length * 2 / 5;
        var nextWord = 0;
        var transcript = "";
        try
        {
            if (options.LatencyMs > 0)
                await Task.Delay(options.LatencyMs, token);
            if (options.TranscriptAhead)
            {
                foreach (var word in words)
                    Post(RealtimeEvents.Event("response.output_audio_transcript.delta", With(new JsonObject { ["delta"] = word.Text })));
            }
            for (var offset = 0; offset < audio.Length; offset += chunkBytes)
            {
                token.ThrowIfCancellationRequested();
                if (offset >= dropAt)
                {
                    LogDropping(_sessionId);
                    _dropping = true;
                    _outbox.Writer.TryComplete();
                    return;
                }
                var chunk = audio.AsSpan(offset, Math.Min(chunkBytes, audio.Length - offset));
                var sentMs = Pcm16.DurationMs(offset + chunk.Length);
                lock (_gate)
                {
                    item.AudioBytes += chunk.Length;
                    _audioProduced = true;
                }
                Post(RealtimeEvents.Event("response.output_audio.delta", With(new JsonObject { ["delta"] = Convert.ToBase64String(chunk) })));
                for (; nextWord < words.Count && words[nextWord].StartMs <= sentMs; nextWord++)
                {
                    transcript += words[nextWord].Text;
                    lock (_gate)
                        item.Text = transcript;
                    if (!options.TranscriptAhead)
                        Post(RealtimeEvents.Event("response.output_audio_transcript.delta", With(new JsonObject { ["delta"] = words[nextWord].Text })));
                }
                if (options.PaceFactor > 0)
                    await Task.Delay(TimeSpan.FromMilliseconds(ChunkMs / options.PaceFactor), token);
            }
            for (; nextWord < words.Count; nextWord++)
            {
                transcript += words[nextWord].Text;
                if (!options.TranscriptAhead)
                    Post(RealtimeEvents.Event("response.output_audio_transcript.delta", With(new JsonObject { ["delta"] = words[nextWord].Text })));
            }
            lock (_gate)
                item.Text = transcript;
            Finish(response, ids, transcript, "completed", null, voice);
        }
        catch (OperationCanceledException)
        {
            string text;
            lock (_gate)
                text = item.Text;
            if (response.CancelReason is { } reason)
                Finish(response, ids, text, "cancelled", new JsonObject { ["type"] = "cancelled", ["reason"] = reason }, voice);
        }
        finally
        {
            bool next;
            lock (_gate)
            {
                if (ReferenceEquals(_response, response))
                    _response = null;
                next = _responseAfterCancelled && _response is null;
                _responseAfterCancelled = false;
            }
            if (next && !_dropping)
                StartResponse();
        }
    }

    /// <summary>A copy of the ids of a content part with the extra properties added.</summary>
    private static JsonObject Merge(JsonObject ids, JsonObject extra)
    {
        var body = (JsonObject)ids.DeepClone();
        foreach (var (key, value) in extra.ToList())
        {
            extra.Remove(key);
            body[key] = value;
        }
        return body;
    }

    private void Finish(SimulatedResponse response, JsonObject ids, string transcript, string status, JsonObject? details, string voice)
    {
        JsonObject With(JsonObject extra) => Merge(ids, extra);
        var itemStatus = status == "completed" ? "completed" : "incomplete";
        JsonObject Item() => RealtimeEvents.MessageItem(response.Item.Id, "assistant", itemStatus,
            new JsonArray(new JsonObject { ["type"] = "output_audio", ["transcript"] = transcript }));

        if (status == "completed")
        {
            Post(RealtimeEvents.Event("response.output_audio.done", With(new JsonObject())));
            Post(RealtimeEvents.Event("response.output_audio_transcript.done", With(new JsonObject { ["transcript"] = transcript })));
            Post(RealtimeEvents.Event("response.content_part.done", With(new JsonObject { ["part"] = new JsonObject { ["type"] = "audio", ["transcript"] = transcript } })));
        }
        Post(RealtimeEvents.Event("response.output_item.done", new JsonObject { ["response_id"] = response.Id, ["output_index"] = 0, ["item"] = Item() }));
        Post(RealtimeEvents.Event("conversation.item.done", new JsonObject { ["item"] = Item() }));
        var output = new JsonArray(Item());
        if (status == "completed" && response.ToolCall is { } call)
            output.Add(StreamToolCall(response, call));
        Post(RealtimeEvents.Event("response.done", new JsonObject
        {
            ["response"] = RealtimeEvents.Response(response.Id, status, details, output, Usage(response, transcript), voice),
        }));
        Post(RealtimeEvents.RateLimits());
    }

    /// <summary>Deterministic token counts: about 4 characters a text token, 1 audio token per 50 ms of output and 100 ms of input.</summary>
    private JsonObject Usage(SimulatedResponse response, string transcript)
    {
        int inputText, inputAudio;
        lock (_gate)
        {
            inputText = (_config.Instructions.Length + _items.Where(i => i != response.Item).Sum(i => i.Text.Length)) / 4 + 1;
            inputAudio = (int)(_items.Where(i => i.Role == "user").Sum(i => Pcm16.DurationMs(i.AudioBytes)) / 100);
        }
        var outputText = transcript.Length / 4 + 1;
        var outputAudio = (int)(Pcm16.DurationMs(response.Item.AudioBytes) / 50);
        return new JsonObject
        {
            ["total_tokens"] = inputText + inputAudio + outputText + outputAudio,
            ["input_tokens"] = inputText + inputAudio,
            ["output_tokens"] = outputText + outputAudio,
            ["input_token_details"] = new JsonObject
            {
                ["text_tokens"] = inputText, ["audio_tokens"] = inputAudio, ["image_tokens"] = 0, ["cached_tokens"] = 0,
                ["cached_tokens_details"] = new JsonObject { ["text_tokens"] = 0, ["audio_tokens"] = 0, ["image_tokens"] = 0 },
            },
            ["output_token_details"] = new JsonObject { ["text_tokens"] = outputText, ["audio_tokens"] = outputAudio },
        };
    }

    /// <summary>Each word (with its leading space) and where its audio starts.</summary>
    private static List<(string Text, double StartMs)> WordTimings(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var result = new List<(string, double)>(words.Length);
        for (var i = 0; i < words.Length; i++)
            result.Add((i == 0 ? words[i] : " " + words[i], SpeechLikeAudio.DurationMs(string.Join(' ', words.Take(i)))));
        return result;
    }

    /// <summary>Echo option: each appended chunk comes straight back as output audio of one long response.</summary>
    private void Echo(byte[] audio)
    {
        string responseId, itemId;
        var created = false;
        lock (_gate)
        {
            if (_response is null)
            {
                var item = new SimulatedItem(RealtimeEvents.NewId("item"), "assistant", "");
                _items.Add(item);
                _response = new SimulatedResponse(RealtimeEvents.NewId("resp"), item, "");
                created = true;
            }
            responseId = _response.Id;
            itemId = _response.Item.Id;
            _response.Item.AudioBytes += audio.Length;
            _audioProduced = true;
        }
        if (created)
            Post(RealtimeEvents.Event("response.created", new JsonObject
            {
                ["response"] = RealtimeEvents.Response(responseId, "in_progress", null, [], null, _config.Voice),
            }));
        Post(RealtimeEvents.Event("response.output_audio.delta", new JsonObject
        {
            ["response_id"] = responseId, ["item_id"] = itemId, ["output_index"] = 0, ["content_index"] = 0,
            ["delta"] = Convert.ToBase64String(audio),
        }));
    }
}
