using System.Collections.Concurrent;

namespace VoiceSite.Simulator;

/// <summary>
/// What the simulated services were asked and when they finished, in order (the most recent 1,000 entries), so
/// tests can check the order of upstream calls without timing them: e.g. that a text-to-speech request began before
/// the chat stream ended. Request bodies are kept too (the most recent 200), so a test can check what a request carried,
/// e.g. the JSON schema of a structured-output request.
/// </summary>
public sealed class SimulatorJournal
{
    public const string ChatStarted = "chat.started";
    public const string ChatEnded = "chat.ended";
    public const string ChatEvaluation = "chat.evaluation";
    public const string ChatToolCall = "chat.tool_call";
    public const string TtsStarted = "tts.started";
    public const string RealtimeOpened = "realtime.opened";
    public const string RealtimeClosed = "realtime.closed";
    public const string RealtimeToolCall = "realtime.tool_call";

    private readonly ConcurrentQueue<string> _entries = new();
    private readonly ConcurrentQueue<SimulatorRequest> _requests = new();

    public void Record(string entry)
    {
        _entries.Enqueue(entry);
        while (_entries.Count > 1000)
            _entries.TryDequeue(out _);
    }

    public IReadOnlyList<string> Entries => _entries.ToArray();

    public int Count(string entry) => _entries.Count(e => e == entry);

    /// <summary>Keeps a request as received (<paramref name="service"/>: <c>chat</c>, <c>realtime</c>, ...).</summary>
    public void RecordRequest(string service, string path, string body)
    {
        _requests.Enqueue(new SimulatorRequest(service, path, body));
        while (_requests.Count > 200)
            _requests.TryDequeue(out _);
    }

    public IReadOnlyList<SimulatorRequest> Requests => _requests.ToArray();
}

/// <summary>A request a simulated service received: which service, the path, and the body (JSON for chat).</summary>
public sealed record SimulatorRequest(string Service, string Path, string Body);
