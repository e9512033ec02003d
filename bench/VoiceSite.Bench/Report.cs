using System.Globalization;
using System.Text;

namespace VoiceSite.Bench;

/// <summary>Writes <c>bench/results.md</c> and the "## Benchmarks" section of the README.</summary>
internal sealed class Report(IReadOnlyList<Row> endToEnd, BenchSettings settings, int echoChunks, IReadOnlyList<string> retries, IReadOnlyList<string> notes)
{
    public const string Command = "dotnet run -c Release --project bench/VoiceSite.Bench";

    private readonly DateTime _date = DateTime.UtcNow;

    public void Write(string repositoryRoot)
    {
        // The micro (bench/VoiceSite.Micro) and load (bench/VoiceSite.Load) benchmarks keep their own sections at the end
        // of the file: carried over as they are.
        var resultsPath = Path.Combine(repositoryRoot, "bench", "results.md");
        var old = File.Exists(resultsPath) ? File.ReadAllText(resultsPath) : "";
        var kept = new[] { "\n<!-- micro:begin -->", "\n## Load benchmark" }.Select(m => old.IndexOf(m, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
        File.WriteAllText(resultsPath, ResultsMarkdown().TrimEnd() + (kept >= 0 ? "\n" + old[kept..] : "\n"));
        var readmePath = Path.Combine(repositoryRoot, "README.md");
        File.WriteAllText(readmePath, ReplaceSection(File.ReadAllText(readmePath), "## Benchmarks", ReadmeSection()));
    }

    public string Tables()
    {
        var text = new StringBuilder();
        text.AppendLine("| Scenario | Measure | n | median | p90 | max |");
        text.AppendLine("|---|---|---:|---:|---:|---:|");
        AppendRows(text, endToEnd);
        text.AppendLine();
        foreach (var note in notes)
            text.AppendLine($"- {note}");
        return text.ToString();
    }

    private string ResultsMarkdown() => $"""
        # VoiceSite benchmarks

        Measured {_date:yyyy-MM-dd HH:mm} UTC with `{Command}`: {settings.Turns} measured turns per scenario after {settings.Warmup} warm-up turns
        (echo: {echoChunks} chunks after 50 warm-up chunks). The micro benchmarks are in their own section below (BenchmarkDotNet).

        Machine: {BenchEnvironment.Machine()} (processor count as `nproc` reports it, CPU model from /proc/cpuinfo, .NET runtime).
        This is a **shared 2-core box** (another engineer may be building and testing on it during a run), and the
        client, the site and the simulator all run in one process on those two cores, so the tails (p90, max) are noisy.

        All figures come from the site hosted in-process on a real Kestrel socket (loopback) with the **built-in
        simulator** standing in for Azure, so they show the **site's own overhead** (hub, sessions, upstream client code,
        the simulator's own work, storage), not Azure's latency. The client is a SignalR client with MessagePack and the
        site's auth cookie, standing in for the browser; its times are taken as each event arrives. "Stored" figures are
        the ones the site writes on each turn (SQLite), read back after the run.

        {Tables()}
        ## How each figure is taken

        - **SpeechStopped -> first / last Audio**: the client speaks 1.5 s of tone and 1 s of quiet (up to 2 s at once,
          then at real time, within the hub's audio rate limit); times run from the `SpeechStopped` event to the first
          and the last `Audio` event of the reply. The realtime simulator streams its reply at 4x real time, so "last
          Audio" there is the simulator's pacing (see the reply length, `Turn.DurationMs`), not overhead.
        - **Stored figures**: `Turn.ResponseLatencyMs` is the server's own speech-stopped -> first audio relayed;
          `SttLatencyMs` end of upload -> recognition result; `ChatFirstTokenMs` request -> first token;
          `TtsFirstByteMs` request -> first audio byte of the first sentence. They are whole milliseconds.
        - **Pipeline with simulated upstream latency**: every simulated service waits 150 ms before its first byte, the
          chat model streams a word every 30 ms and speech arrives at 4x real time. The simulated reply has 22 or 24
          words; its first sentence (10 words) is complete when the 11th word arrives, 150 + 10 x 30 = 450 ms into
          the chat stream, while the whole stream takes up to 150 + 23 x 30 = 840 ms. Waiting for the whole chat
          reply would put the first audio near 150 (STT) + 840 + 150 (TTS) = 1,140 ms; the measured ~780 ms is
          150 + 450 + 150 plus the site's own ~30 ms: the first sentence is spoken while the chat model is still
          writing, and the last audio comes almost 2 s later.
        - **Echo round trip**: the realtime simulator's echo option returns each appended audio chunk at once as reply
          audio. 40 ms chunks are sent at real time, numbered, and each echo is matched to its send time: client ->
          hub -> realtime session -> upstream WebSocket (base64 JSON through the OpenAI client) -> simulator -> back.
        - **Client vs stored first-audio latency**: the client's clock starts when the `SpeechStopped` event arrives,
          the server's when it learns of the end of speech (before it sends that event), so the two differ by about
          the event's delivery time.
        - **Barge-in**: replies stream at 4x real time in 100 ms chunks (the realtime simulator's default; pipeline
          TTS set to the same), so a chunk arrives every 25 ms and audio is still flowing when the user cuts in (the
          "received in all" row shows the reply was cut long before its end). "Interrupt" invokes
          `Interrupt(playedMs)` 200 ms after the reply's first audio and times the hub call until it returns (the
          server has then cut the reply); 0 ms of audio after it means the cut landed before the next chunk, so the
          resolution of "last Audio" is one 25 ms chunk interval. "Talks over" sends a 300 ms tone at real time in
          40 ms chunks and times from sending the first of them (which already holds 40 ms of voice); on
          `SpeechStarted` the client sends `Interrupt` at once, as the browser does. In pipeline mode the server
          cancels the reply on its own VAD before it sends `SpeechStarted`; in realtime mode the simulator cancels
          it on its VAD as Azure does, and the site drops anything still relayed once `Interrupt` arrives.
        - **Recording**: "echo, recording off / on" is the echo round trip above with the conversation's scenario
          recording off, then on (each session records both voices; the recorder's work on the relay path is a copy
          into a pooled buffer and a queue write, the mixing and Opus encoding run on a background task). "Recorder
          on the relay path" times `SessionRecorder.User` itself on a live recorder of the site: batches of 10
          chunks of 20 ms, the queue drained between batches. The size note encodes 10 minutes of the simulator's
          speech-like audio and a tone; the encode's CPU cost is a micro benchmark (below).
        - **Micro**: `bench/VoiceSite.Micro`, BenchmarkDotNet (see its section below).

        ## Retried scenarios

        {(retries.Count == 0 ? "None: every scenario ran through at the first attempt." : string.Join("\n", retries.Select(r => "- " + r)))}

        ## Not measured

        - Azure itself: no Azure resources or internet here; the simulator answers in microseconds to milliseconds.
        - The browser's own side (AudioWorklet capture and playback buffering, jitter buffer): the client here is .NET.
        - Realtime mode with simulated upstream latency: the realtime simulator's `LatencyMs` only delays the start
          of a reply, which would add a constant to the first-audio figure; the realtime rows show the relay alone.
        """;

    private string ReadmeSection() => $"""
        ## Benchmarks

        `bench/VoiceSite.Bench` hosts the site in-process on a real Kestrel socket with the built-in simulator and talks to
        `/hubs/voice` like the browser does (real WebSockets, MessagePack, the auth cookie): spoken turns in both modes,
        the realtime relay's echo round trip and barge-in. `bench/VoiceSite.Micro` (BenchmarkDotNet) times the resampler, the
        VAD, the recording encode and the relay's wire code per 20 ms chunk, with allocations. The simulator answers
        at once, so the figures are the site's own overhead, not Azure's. Method, machine and notes: [bench/results.md](bench/results.md).

        ```bash
        {Command}    # about 9 minutes; writes bench/results.md and this section
        dotnet run -c Release --project bench/VoiceSite.Micro    # a few minutes; writes its section of bench/results.md
        ```

        Measured {_date:yyyy-MM-dd} on a shared 2-core box ({BenchEnvironment.Machine()}), all in one process; times in ms
        unless stated; {settings.Turns} turns per scenario after {settings.Warmup} warm-up turns.

        {Tables()}
        """;

    private static void AppendRows(StringBuilder text, IReadOnlyList<Row> rows)
    {
        string? previous = null;
        foreach (var row in rows)
        {
            var scenario = row.Scenario == previous ? "" : row.Scenario;
            previous = row.Scenario;
            text.AppendLine($"| {scenario} | {row.Measure} | {row.N} | {Format(row.Median)} | {Format(row.P90)} | {Format(row.Max)} |");
        }
    }

    private static string Format(double value) =>
        double.IsNaN(value) ? "n/a" : value.ToString(Math.Abs(value) < 10 ? "0.00" : Math.Abs(value) < 1000 ? "0.0" : "0", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Replaces the section that starts with <paramref name="heading"/> up to the next "## " heading (or the end).</summary>
    private static string ReplaceSection(string markdown, string heading, string section)
    {
        var start = markdown.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
        if (start < 0)
            throw new InvalidOperationException($"README.md has no \"{heading}\" section.");
        start++;
        var next = markdown.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        var rest = next < 0 ? "" : markdown[(next + 1)..];
        return markdown[..start] + section.TrimEnd() + "\n" + (rest.Length > 0 ? "\n" + rest : "");
    }
}
