using VoiceSite.Bench;

namespace VoiceSite.Load;

/// <summary>Command-line options (see bench/README.md).</summary>
internal sealed class LoadOptions
{
    public int[] Levels { get; private init; } = [50, 100, 200, 350, 500];
    public int[] PipelineLevels { get; private init; } = [50, 100];
    public int InterruptLevel { get; private init; } = 100;

    /// <summary>Seconds between one session's cuts in the Interrupt phase (--interrupt-every; 1 is a stress rate, far above a conversation's).</summary>
    public int InterruptEverySeconds { get; private init; } = 1;
    public int Seconds { get; private init; } = 20;
    public int WarmupSeconds { get; private init; } = 5;
    public int Repeat { get; private init; } = 1;
    public int ChunkMs { get; private init; } = 20;
    public bool Floor { get; private init; } = true;
    public bool KeepGoing { get; private init; }
    public bool Pin { get; private init; } = Environment.ProcessorCount >= 2;
    public bool Recording { get; private init; }
    public bool Write { get; private init; } = true;
    public string Label { get; private init; } = "latest";
    public string SiteEnvironmentName { get; private init; } = "Production";
    public required string Root { get; init; }
    public required string SiteDll { get; init; }
    public required string SimulatorDll { get; init; }
    public required string HookDll { get; init; }
    public Dictionary<string, string> SiteEnvironment { get; } = [];

    /// <summary>With --trace DIR: dotnet-trace records the site during each relay window (--trace-profile, default CPU stacks).</summary>
    public string? TraceDirectory { get; private init; }
    public string TraceProfile { get; private init; } = "dotnet-sampled-thread-time";
    public string DotnetTrace { get; private init; } = "dotnet-trace";
    public string CommandLine { get; private init; } = "";

    public static LoadOptions Parse(string[] args)
    {
        var root = BenchEnvironment.RepositoryRoot();
        string Bin(string project, string name) => Path.Combine(root, project, "bin", "Release", "net10.0", name);
        var options = new LoadOptions
        {
            Root = root,
            SiteDll = Value(args, "--site-dll") ?? Bin("VoiceSite", "VoiceSite.dll"),
            SimulatorDll = Bin(Path.Combine("bench", "VoiceSite.SimulatorHost"), "VoiceSite.SimulatorHost.dll"),
            HookDll = Bin(Path.Combine("bench", "VoiceSite.Load.Hook"), "VoiceSite.Load.Hook.dll"),
            Levels = Ints(Value(args, "--levels")) ?? [50, 100, 200, 350, 500],
            PipelineLevels = Ints(Value(args, "--pipeline-levels")) ?? [50, 100],
            InterruptLevel = int.TryParse(Value(args, "--interrupt"), out var i) ? i : 100,
            InterruptEverySeconds = int.TryParse(Value(args, "--interrupt-every"), out var e) && e > 0 ? e : 1,
            Seconds = int.TryParse(Value(args, "--seconds"), out var s) ? s : 20,
            WarmupSeconds = int.TryParse(Value(args, "--warmup"), out var w) ? w : 5,
            Repeat = int.TryParse(Value(args, "--repeat"), out var r) ? r : 1,
            ChunkMs = int.TryParse(Value(args, "--chunk-ms"), out var c) ? c : 20,
            Floor = !args.Contains("--no-floor"),
            KeepGoing = args.Contains("--keep-going"),
            Pin = Environment.ProcessorCount >= 2 && !args.Contains("--no-pin"),
            Recording = args.Contains("--recording"),
            Write = !args.Contains("--no-write"),
            Label = Value(args, "--label") ?? "latest",
            SiteEnvironmentName = Value(args, "--environment") ?? "Production",
            CommandLine = string.Join(' ', args),
            TraceDirectory = Value(args, "--trace"),
            TraceProfile = Value(args, "--trace-profile") ?? "dotnet-sampled-thread-time",
            DotnetTrace = Value(args, "--dotnet-trace") ?? "dotnet-trace",
        };
        if (!args.Contains("--no-image-env"))
            foreach (var (key, value) in ImageEnvironment.RuntimeSettings(root))
                options.SiteEnvironment[key] = value;
        for (var k = 0; k < args.Length - 1; k++)
            if (args[k] == "--env" && args[k + 1].Split('=', 2) is [var key, var value])
                options.SiteEnvironment[key] = value;
        foreach (var dll in new[] { options.SiteDll, options.SimulatorDll, options.HookDll })
            if (!File.Exists(dll))
                throw new FileNotFoundException($"{dll} is missing: build first (bench/load.sh does).");
        return options;
    }

    private static string? Value(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static int[]? Ints(string? list) =>
        list is null ? null : list == "none" ? [] : [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)];
}
