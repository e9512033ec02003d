using System.Text.Json.Nodes;
using VoiceSite.Audio;

namespace VoiceSite.Simulator.Realtime;

/// <summary>Client events.</summary>
internal sealed partial class SimulatedRealtimeSession
{
    private void Dispatch(string type, JsonObject command, string? eventId)
    {
        switch (type)
        {
            case "session.update":
                Journal.RecordRequest("realtime", type, command.ToJsonString());
                UpdateSession(command, eventId);
                break;
            case "input_audio_buffer.append":
                Append(command["audio"]?.GetValue<string>() ?? throw new InvalidOperationException("'audio' is required."), eventId);
                break;
            case "input_audio_buffer.commit":
                CommitManually(eventId);
                break;
            case "input_audio_buffer.clear":
                lock (_gate)
                    _bufferBytes = 0;
                Post(RealtimeEvents.Event("input_audio_buffer.cleared"));
                break;
            case "conversation.item.create":
                CreateItem(command["item"] as JsonObject ?? throw new InvalidOperationException("'item' is required."), eventId);
                break;
            case "conversation.item.delete":
                DeleteItem(command["item_id"]?.GetValue<string>(), eventId);
                break;
            case "conversation.item.truncate":
                Truncate(command, eventId);
                break;
            case "response.create":
                Journal.RecordRequest("realtime", type, command.ToJsonString());
                if (!StartResponse(command["response"]?["instructions"]?.GetValue<string>()))
                    Post(RealtimeEvents.Error("conversation_already_has_active_response",
                        "Conversation already has an active response in progress.", eventId));
                break;
            case "response.cancel":
                if (!CancelResponse("client_cancelled", notify: true))
                    Post(RealtimeEvents.Error("response_cancel_not_active", "Cancellation failed: no active response found.", eventId));
                break;
            default:
                Post(RealtimeEvents.Error("invalid_value", $"Invalid value: '{type}'. This event type is not supported.", eventId, "type"));
                break;
        }
    }

    private void UpdateSession(JsonObject command, string? eventId)
    {
        var session = command["session"] as JsonObject ?? throw new InvalidOperationException("'session' is required.");
        string? problem;
        lock (_gate)
        {
            problem = _config.Apply(session, _audioProduced);
            if (problem is null)
                _vad = new EnergyVad(_config.Vad);
        }
        Post(problem is null
            ? RealtimeEvents.Event("session.updated", new JsonObject { ["session"] = RealtimeEvents.Session(_config, _model, _sessionId) })
            : RealtimeEvents.Error("invalid_value", problem, eventId, "session"));
    }

    private void Append(string base64, string? eventId)
    {
        byte[] audio;
        try
        {
            audio = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            Post(RealtimeEvents.Error("invalid_value", "'audio' is not valid base64.", eventId, "audio"));
            return;
        }
        if (audio.Length % Pcm16.BytesPerSample != 0)
        {
            Post(RealtimeEvents.Error("invalid_value", "Audio must be whole 16-bit samples.", eventId, "audio"));
            return;
        }
        if (Options.Echo)
        {
            Echo(audio);
            return;
        }

        IReadOnlyList<VadEvent> detections;
        string? detection;
        lock (_gate)
        {
            _appendedBytes += audio.Length;
            _bufferBytes += audio.Length;
            detection = _config.TurnDetection;
            detections = detection is null ? [] : _vad.Process(audio);
        }
        foreach (var vadEvent in detections)
        {
            if (vadEvent.Kind == VadEventKind.SpeechStarted)
                OnSpeechStarted(vadEvent);
            else
                OnSpeechStopped(vadEvent);
        }
    }

    private void OnSpeechStarted(VadEvent start)
    {
        string itemId;
        lock (_gate)
        {
            itemId = _speechItemId = RealtimeEvents.NewId("item");
            _speechStart = start;
        }
        Post(RealtimeEvents.Event("input_audio_buffer.speech_started", new JsonObject
        {
            ["audio_start_ms"] = (int)start.Ms,
            ["item_id"] = itemId,
        }));
        if (_config.InterruptResponse)
            CancelResponse("turn_detected", notify: true);
    }

    private void OnSpeechStopped(VadEvent stop)
    {
        string itemId;
        double speechMs;
        lock (_gate)
        {
            itemId = _speechItemId ?? RealtimeEvents.NewId("item");
            speechMs = stop.SpeechEdgeMs - (_speechStart?.SpeechEdgeMs ?? stop.SpeechEdgeMs);
            _speechItemId = null;
            _speechStart = null;
        }
        Post(RealtimeEvents.Event("input_audio_buffer.speech_stopped", new JsonObject { ["audio_end_ms"] = (int)stop.Ms, ["item_id"] = itemId }));
        CommitUserAudio(itemId, speechMs);
        if (_config.CreateResponse)
            StartResponse(afterCancelled: true);
    }

    private void CommitManually(string? eventId)
    {
        long bytes;
        lock (_gate)
            bytes = _bufferBytes;
        var ms = Pcm16.DurationMs(bytes);
        if (ms < 100)
        {
            Post(RealtimeEvents.Error("input_audio_buffer_commit_empty",
                $"Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, but buffer only has {ms:0.00}ms of audio.", eventId));
            return;
        }
        CommitUserAudio(RealtimeEvents.NewId("item"), ms);
    }

    /// <summary>Turns buffered speech into a user item, with its transcript when transcription is on.</summary>
    private void CommitUserAudio(string itemId, double speechMs)
    {
        string? previous;
        var item = new SimulatedItem(itemId, "user", SimulatedReply.UserTranscript(speechMs)) { AudioBytes = Pcm16.BytesFor(TimeSpan.FromMilliseconds(speechMs)) };
        lock (_gate)
        {
            previous = _items.LastOrDefault()?.Id;
            _items.Add(item);
            _bufferBytes = 0;
        }
        Post(RealtimeEvents.Event("input_audio_buffer.committed", new JsonObject { ["previous_item_id"] = previous, ["item_id"] = itemId }));
        var content = new JsonArray(new JsonObject { ["type"] = "input_audio", ["transcript"] = null });
        Post(RealtimeEvents.Event("conversation.item.added", new JsonObject
        {
            ["previous_item_id"] = previous,
            ["item"] = RealtimeEvents.MessageItem(itemId, "user", "completed", content),
        }));
        Post(RealtimeEvents.Event("conversation.item.done", new JsonObject
        {
            ["previous_item_id"] = previous,
            ["item"] = RealtimeEvents.MessageItem(itemId, "user", "completed", content.DeepClone().AsArray()),
        }));
        if (_config.TranscriptionModel is not null)
            Post(RealtimeEvents.Event("conversation.item.input_audio_transcription.completed", new JsonObject
            {
                ["item_id"] = itemId,
                ["content_index"] = 0,
                ["transcript"] = item.Text,
                // Whole seconds: the official .NET client reads this as an integer.
                ["usage"] = new JsonObject { ["type"] = "duration", ["seconds"] = (long)Math.Ceiling(speechMs / 1000) },
            }));
    }

    private void CreateItem(JsonObject item, string? eventId)
    {
        var type = item["type"]?.GetValue<string>();
        var role = item["role"]?.GetValue<string>();
        if (type == "function_call_output")
        {
            AddFunctionCallOutput(item);
            return;
        }
        if (type != "message" || role is not ("user" or "assistant" or "system"))
        {
            Post(RealtimeEvents.Error("invalid_value", "Only message items with role user, assistant or system are simulated.", eventId, "item"));
            return;
        }
        var text = string.Concat((item["content"] as JsonArray ?? []).Select(part =>
            part?["text"]?.GetValue<string>() ?? part?["transcript"]?.GetValue<string>() ?? ""));
        var id = item["id"]?.GetValue<string>() ?? RealtimeEvents.NewId("item");
        string? previous;
        lock (_gate)
        {
            previous = _items.LastOrDefault()?.Id;
            _items.Add(new SimulatedItem(id, role, text));
        }
        var stored = RealtimeEvents.MessageItem(id, role, "completed", (item["content"] as JsonArray ?? []).DeepClone().AsArray());
        Post(RealtimeEvents.Event("conversation.item.added", new JsonObject { ["previous_item_id"] = previous, ["item"] = stored }));
        Post(RealtimeEvents.Event("conversation.item.done", new JsonObject { ["previous_item_id"] = previous, ["item"] = stored.DeepClone() }));
    }

    private void DeleteItem(string? itemId, string? eventId)
    {
        bool removed;
        lock (_gate)
            removed = _items.RemoveAll(i => i.Id == itemId) > 0;
        Post(removed
            ? RealtimeEvents.Event("conversation.item.deleted", new JsonObject { ["item_id"] = itemId })
            : RealtimeEvents.Error("item_not_found", $"Item with item_id not found: {itemId}", eventId, "item_id"));
    }

    /// <summary>Like Azure: the item's audio is cut to <c>audio_end_ms</c>; past the audio generated is an error.</summary>
    private void Truncate(JsonObject command, string? eventId)
    {
        var itemId = command["item_id"]?.GetValue<string>();
        var contentIndex = command["content_index"]?.GetValue<int>() ?? 0;
        var endMs = command["audio_end_ms"]?.GetValue<int>() ?? throw new InvalidOperationException("'audio_end_ms' is required.");
        string? problem = null;
        lock (_gate)
        {
            var item = _items.FirstOrDefault(i => i.Id == itemId);
            var audioMs = item is null ? 0 : Pcm16.DurationMs(item.AudioBytes);
            if (item is not { Role: "assistant" } || item.AudioBytes == 0)
                problem = $"Item with item_id not found or has no audio: {itemId}";
            else if (endMs > audioMs)
                problem = $"Audio content of {audioMs:0}ms is already shorter than {endMs}ms";
            else if (endMs < 0)
                problem = "audio_end_ms must not be negative.";
            else
            {
                item.Text = CutText(item.Text, endMs, audioMs);
                item.AudioBytes = Pcm16.BytesFor(TimeSpan.FromMilliseconds(endMs));
            }
        }
        Post(problem is null
            ? RealtimeEvents.Event("conversation.item.truncated", new JsonObject { ["item_id"] = itemId, ["content_index"] = contentIndex, ["audio_end_ms"] = endMs })
            : RealtimeEvents.Error("invalid_value", problem, eventId, "audio_end_ms"));
    }

    private static string CutText(string text, double heardMs, double totalMs)
    {
        var chars = (int)(text.Length * Math.Clamp(heardMs / totalMs, 0, 1));
        var space = text.LastIndexOf(' ', Math.Max(0, Math.Min(text.Length - 1, chars)));
        return chars >= text.Length ? text : space > 0 ? text[..space] : "";
    }
}
