namespace VoiceSite.Bench;

/// <summary>
/// Runs every benchmark and writes the figures to <c>bench/results.md</c> and the README's "## Benchmarks" section.
/// Options: <c>--turns N</c> (default 20), <c>--warmup N</c> (3), <c>--echo-chunks N</c> (500), <c>--no-write</c>,
/// <c>--only TEXT</c> (only the scenarios whose title contains TEXT; for trying things out, with --no-write).
/// (Not top-level statements: the site's own <c>Program</c> class is the factory's entry point.)
/// </summary>
internal static class BenchMain
{
    public static async Task<int> Main(string[] args)
    {
        var settings = new BenchSettings(Option(args, "--turns", 20), Option(args, "--warmup", 3));
        var echoChunks = Option(args, "--echo-chunks", 500);
        Console.WriteLine($"Machine: {BenchEnvironment.Machine()}");

        // The micro benchmarks (resampler, VAD, recording encode, relay wire code) are BenchmarkDotNet: bench/VoiceSite.Micro.
        var recordingNotes = RecordingBenchmarks.SizeNotes();
        foreach (var note in recordingNotes)
            Console.WriteLine($"  {note}");

        var endToEnd = new List<Row>();
        var retries = new List<string>();
        await using (var site = new BenchSite())
        {
            Console.WriteLine($"Site on {site.Address}");
            var email = await site.CreateUserAsync();
            var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
            async Task Run(string title, Func<Task<List<Row>>> scenario)
            {
                if (only is not null && !title.Contains(only, StringComparison.OrdinalIgnoreCase))
                    return;
                Console.WriteLine($"{title}...");
                List<Row> rows;
                try
                {
                    rows = await scenario();
                }
                catch (Exception e) when (e is InvalidOperationException or TimeoutException)
                {
                    // Reported in the results; a second failure ends the run.
                    Console.WriteLine($"  failed ({e.Message}); running it once more");
                    retries.Add($"{title}: the first attempt failed ({e.GetType().Name}: {e.Message}) and was run again.");
                    rows = await scenario();
                }
                Print(rows);
                endToEnd.AddRange(rows);
            }
            await Run("Realtime turns", () => ConversationBenchmarks.RealtimeAsync(site, email, settings));
            await Run("Pipeline turns, no added latency", () => ConversationBenchmarks.PipelineAsync(site, email, settings, 0, 0, 0));
            await Run("Pipeline turns, simulated upstream latency", () => ConversationBenchmarks.PipelineAsync(site, email, settings, 150, 30, 4));
            // Recording off, then on, then both again: the same run, with drift on the shared box spread over both.
            await Run("Realtime echo, recording off", () => ConversationBenchmarks.EchoAsync(site, email, 50, echoChunks, recording: false));
            await Run("Realtime echo, recording on", () => ConversationBenchmarks.EchoAsync(site, email, 50, echoChunks, recording: true));
            await Run("Recorder on the relay path", () => RecordingBenchmarks.RelayPathAsync(site, email));
            await site.SetRecordingAsync(true);
            await Run("Barge-in by Interrupt, realtime", () => BargeInBenchmarks.InterruptAsync(site, email, "realtime", settings));
            await Run("Barge-in by Interrupt, pipeline", () => BargeInBenchmarks.InterruptAsync(site, email, "pipeline", settings));
            await Run("Barge-in by talking over, realtime", () => BargeInBenchmarks.TalkOverAsync(site, email, "realtime", settings));
            await Run("Barge-in by talking over, pipeline", () => BargeInBenchmarks.TalkOverAsync(site, email, "pipeline", settings));
        }

        var report = new Report(endToEnd, settings, echoChunks, retries, recordingNotes);
        if (args.Contains("--no-write"))
        {
            Console.WriteLine(report.Tables());
            return 0;
        }
        var root = BenchEnvironment.RepositoryRoot();
        report.Write(root);
        Console.WriteLine($"Wrote {Path.Combine(root, "bench", "results.md")} and the README's Benchmarks section.");
        return 0;
    }

    private static void Print(IEnumerable<Row> rows)
    {
        foreach (var row in rows)
            Console.WriteLine($"  {row.Measure,-70} n={row.N,-4} median {row.Median,9:0.00}  p90 {row.P90,9:0.00}  max {row.Max,9:0.00}");
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
    }
}
