using System.Diagnostics;
using VoiceSite.Data.Entities;

namespace VoiceSite.Telemetry;

/// <summary>
/// The trace of one turn: a <c>voice.turn</c> span from the end of the user's speech until the turn's rows are stored.
/// Inside it: the upstream calls (pipeline: the chat and text-to-speech HTTP requests, as HttpClient's own spans;
/// realtime: a <c>realtime.response</c> span for the reply on the open socket) and each <c>voice.turn.store</c> with
/// the database commands under it. The turn is a trace of its own: if a span is current where it starts (SignalR runs
/// hub calls without one; a session's loops may have been started under another), it is linked, not made the parent.
/// </summary>
/// <remarks>
/// Null (no work at all) when nothing listens to <see cref="SourceName"/>. Pipeline speech-to-text streams the audio
/// while the user speaks, so its request starts before the turn does: its latency is on the span as a tag.
/// </remarks>
public sealed class TurnTrace
{
    public const string SourceName = "VoiceSite";
    public const string TurnSpan = "voice.turn";
    public const string StoreSpan = "voice.turn.store";
    public const string RealtimeResponseSpan = "realtime.response";

    private static readonly ActivitySource Source = new(SourceName);

    private readonly Activity _activity;
    private int _ended;

    private TurnTrace(Activity activity) => _activity = activity;

    /// <summary>The turn's span (for tests and for child spans made elsewhere).</summary>
    public Activity Activity => _activity;

    /// <summary>Starts a turn's trace when the user's speech stops; null when no one listens.</summary>
    public static TurnTrace? Start(VoiceMode mode, Guid conversationId)
    {
        if (!Source.HasListeners())
            return null;
        var connection = Activity.Current;
        ActivityLink[]? links = connection is null ? null : [new ActivityLink(connection.Context)];
        // A root: a span current here (a hub call's, the connection's) would otherwise parent every turn of the session.
        Activity.Current = null;
        try
        {
            var activity = Source.StartActivity(ActivityKind.Server, parentContext: default, links: links, name: TurnSpan);
            if (activity is null)
                return null;
            activity.SetTag(VoiceMetrics.ModeTag, mode == VoiceMode.Realtime ? "realtime" : "pipeline");
            activity.SetTag("voice.conversation.id", conversationId.ToString());
            return new TurnTrace(activity);
        }
        finally
        {
            Activity.Current = connection;
        }
    }

    /// <summary>
    /// Makes the turn the current span until disposed, so spans started meanwhile (HttpClient, EF Core) are its children.
    /// Use in an async method: the change stays in that method's flow.
    /// </summary>
    public Scope Enter()
    {
        var previous = Activity.Current;
        Activity.Current = _activity;
        return new Scope(previous);
    }

    /// <summary>
    /// The realtime reply on the open socket, as a child span from <c>response.created</c> (<paramref name="startedAt"/>)
    /// until now (<c>response.done</c>).
    /// </summary>
    public void RealtimeResponse(DateTime startedAt, string? status, int? inputTokens, int? outputTokens)
    {
        using var response = Source.StartActivity(RealtimeResponseSpan, ActivityKind.Client, _activity.Context,
            startTime: new DateTimeOffset(DateTime.SpecifyKind(startedAt, DateTimeKind.Utc)));
        if (response is null)
            return;
        response.SetTag("gen_ai.operation.name", "realtime");
        response.SetTag("gen_ai.usage.input_tokens", inputTokens);
        response.SetTag("gen_ai.usage.output_tokens", outputTokens);
        response.SetTag("voice.response.status", status);
        if (status is "failed")
            response.SetStatus(ActivityStatusCode.Error);
    }

    /// <summary>Stores a turn's row inside a <c>voice.turn.store</c> span under the turn (the database spans under that).</summary>
    public static async Task StoreAsync(TurnTrace? trace, Turn turn, Func<Task> store)
    {
        if (trace is null)
        {
            await store();
            return;
        }
        using var span = Source.StartActivity(StoreSpan, ActivityKind.Internal, trace._activity.Context);
        span?.SetTag("voice.role", turn.Role == TurnRole.User ? "user" : "assistant");
        span?.SetTag("voice.turn.id", turn.Id.ToString());
        try
        {
            await store();
        }
        catch (Exception e)
        {
            span?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            trace._activity.SetStatus(ActivityStatusCode.Error, "storing the turn failed");
            throw;
        }
        trace.Stored(turn);
    }

    /// <summary>Ends the turn's span (once; later calls do nothing).</summary>
    public void End()
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0)
            _activity.Stop();
    }

    /// <summary>The stored turn's figures as tags: the reply's latency and usage, the user's speech-to-text latency.</summary>
    private void Stored(Turn turn)
    {
        if (turn.Role == TurnRole.User)
        {
            _activity.SetTag("voice.user_turn.id", turn.Id.ToString());
            if (turn.SttLatencyMs is { } stt)
                _activity.SetTag("voice.stt_latency_ms", stt);
            return;
        }
        _activity.SetTag("voice.turn.id", turn.Id.ToString());
        _activity.SetTag("voice.interrupted", turn.Interrupted);
        if (turn.ResponseLatencyMs is { } latency)
            _activity.SetTag("voice.response_latency_ms", latency);
        if (turn.ChatFirstTokenMs is { } chat)
            _activity.SetTag("voice.chat_first_token_ms", chat);
        if (turn.TtsFirstByteMs is { } tts)
            _activity.SetTag("voice.tts_first_byte_ms", tts);
        if (turn.InputTokens is { } input)
            _activity.SetTag("gen_ai.usage.input_tokens", input);
        if (turn.OutputTokens is { } output)
            _activity.SetTag("gen_ai.usage.output_tokens", output);
    }

    /// <summary>Puts back the span that was current before <see cref="Enter"/>.</summary>
    public readonly struct Scope(Activity? previous) : IDisposable
    {
        public void Dispose() => Activity.Current = previous;
    }
}
