using System.Collections.Concurrent;

namespace VoiceSite.Simulator;

/// <summary>
/// What the simulated services were asked and when they finished, in order (the most recent 1,000 entries), so
/// tests can check the order of upstream calls without timing them: e.g. that a text-to-speech request began before
/// the chat stream ended.
/// </summary>
public sealed class SimulatorJournal
{
    public const string ChatStarted = "chat.started";
    public const string ChatEnded = "chat.ended";
    public const string TtsStarted = "tts.started";
    public const string RealtimeOpened = "realtime.opened";
    public const string RealtimeClosed = "realtime.closed";

    private readonly ConcurrentQueue<string> _entries = new();

    public void Record(string entry)
    {
        _entries.Enqueue(entry);
        while (_entries.Count > 1000)
            _entries.TryDequeue(out _);
    }

    public IReadOnlyList<string> Entries => _entries.ToArray();
}
