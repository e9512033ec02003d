using System.Diagnostics;
using VoiceSite.Bench;

namespace VoiceSite.Load;

/// <summary>
/// The load benchmark: starts the simulator and the site as separate processes, then for each level runs N realtime
/// sessions through the hub and, in the same run, the floor (the same clients straight to the simulator); then
/// Interrupt at one level and the pipeline variant. Writes its tables to bench/results.md (a block per --label).
/// </summary>
internal static class LoadMain
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["--analyze", var trace, ..])
        {
            TraceSummary.Print(trace, args.Length > 2 ? long.Parse(args[2]) : 0);
            return 0;
        }
        var options = LoadOptions.Parse(args);
        Pacing.UseChunkMs(options.ChunkMs);
        Console.WriteLine($"Machine: {BenchEnvironment.Machine()}; load average {ProcFs.LoadAverage():0.00}");
        Console.WriteLine($"Site: {options.SiteDll}{(options.Pin ? " (pinned: site core 0; simulator and generator core 1)" : "")}");
        await using var rig = await Rig.StartAsync(options);
        Console.WriteLine($"Site on {rig.SiteAddress}, simulator at {rig.RealtimeUri}, data in {rig.DataDirectory}");
        var stats = await rig.StatsAsync();
        Console.WriteLine($"Site runtime: serverGc={stats["serverGc"]} concurrentGc={stats["concurrentGc"]} processors={stats["processors"]}");

        var most = options.Levels.Concat(options.PipelineLevels).Append(options.InterruptLevel).Max();
        var clock = Stopwatch.StartNew();
        var seeded = await Seeder.SeedAsync(rig.DatabasePath, most, options.Recording);
        var users = await Seeder.SignInAllAsync(rig.SiteAddress, seeded);
        Console.WriteLine($"{users.Count} users seeded and signed in ({clock.Elapsed.TotalSeconds:0.0} s)");

        var results = new List<LevelResult>();
        void Show(LevelResult r)
        {
            results.Add(r);
            Console.WriteLine(LoadReport.Line(r));
        }
        foreach (var n in options.Levels)
        {
            var broke = false;
            for (var run = 0; run < options.Repeat; run++)
            {
                // Floor first: the site is idle then, not still ending an earlier level's sessions.
                if (options.Floor)
                    Show(await Levels.FloorAsync(rig, n, options));
                await Task.Delay(2000);
                var relay = await Levels.RelayAsync(rig, users, n, options);
                Show(relay);
                await Task.Delay(2000);
                broke |= relay.Broke;
            }
            if (broke && !options.KeepGoing)
            {
                Console.WriteLine($"The relay broke at {n} sessions; higher levels skipped.");
                break;
            }
        }
        if (options.InterruptLevel > 0)
            Show(await Levels.RelayAsync(rig, users, options.InterruptLevel, options, interruptEverySeconds: options.InterruptEverySeconds));
        foreach (var n in options.PipelineLevels)
        {
            var pipeline = await Levels.PipelineAsync(rig, users, n, options);
            Show(pipeline);
            if (pipeline.StartFailures > 0 && !options.KeepGoing)
                break;
        }

        var report = new LoadReport(options, results, stats);
        Console.WriteLine();
        Console.WriteLine(report.Markdown());
        if (options.Write)
        {
            report.Write();
            Console.WriteLine($"Wrote the \"{options.Label}\" block of {Path.Combine(options.Root, "bench", "results.md")}.");
        }
        return 0;
    }
}
