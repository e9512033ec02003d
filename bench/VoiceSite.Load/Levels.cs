using System.Diagnostics;

namespace VoiceSite.Load;

/// <summary>One level: N sessions at real-time pace, warm-up, a measured window, then teardown.</summary>
internal static class Levels
{
    private static readonly byte[] Silence = Pacing.NewChunk(0);
    private static readonly byte[] Speech = Pacing.NewChunk(8000);

    /// <summary>N realtime sessions through the site, the simulator echoing every chunk.</summary>
    public static async Task<LevelResult> RelayAsync(Rig rig, IReadOnlyList<LoadUser> users, int n, LoadOptions options, int interruptEverySeconds = 0)
    {
        var result = new LevelResult { Kind = interruptEverySeconds > 0 ? "interrupt" : "relay", Sessions = n };
        var idle = await rig.StatsAsync(collect: true);
        var idleRss = rig.Site.RssBytes();
        var sessions = await StartHubSessionsAsync(rig, users, n, "realtime", result);
        try
        {
            await MeasureAsync(rig, sessions, s => s.SendAudioAsync, result, options, stamp: true, idle, idleRss,
                interruptEverySeconds > 0 ? s => InterruptLoopAsync(s, interruptEverySeconds, options, result) : null);
            result.Errors = sessions.Sum(s => s.Errors);
            result.LastError = sessions.Select(s => s.LastError).LastOrDefault(e => e is not null);
        }
        finally
        {
            await EndAllAsync(sessions);
        }
        return result;
    }

    /// <summary>N pipeline sessions through the site: 1 s of tone then 3 s of quiet, over and over.</summary>
    public static async Task<LevelResult> PipelineAsync(Rig rig, IReadOnlyList<LoadUser> users, int n, LoadOptions options)
    {
        var result = new LevelResult { Kind = "pipeline", Sessions = n };
        var idle = await rig.StatsAsync(collect: true);
        var idleRss = rig.Site.RssBytes();
        var sessions = await StartHubSessionsAsync(rig, users, n, "pipeline", result);
        try
        {
            await MeasureAsync(rig, sessions, s => s.SendAudioAsync, result, options, stamp: false, idle, idleRss, null,
                seq => seq * Pacing.ChunkMs % 4000 < 1000 ? Speech : Silence);
            result.Errors = sessions.Sum(s => s.Errors);
            result.LastError = sessions.Select(s => s.LastError).LastOrDefault(e => e is not null);
            result.ReplyLatencyMs = [.. sessions.SelectMany(s => s.ReplyLatencyMs)];
            result.RttUs = [];
        }
        finally
        {
            await EndAllAsync(sessions);
        }
        return result;
    }

    /// <summary>The floor: N clients straight to the simulator's WebSocket, no site in between.</summary>
    public static async Task<LevelResult> FloorAsync(Rig rig, int n, LoadOptions options)
    {
        var result = new LevelResult { Kind = "floor", Sessions = n };
        var sessions = new FloorSession[n];
        await Parallel.ForAsync(0, n, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            sessions[i] = await FloorSession.ConnectAsync(rig.RealtimeUri, Rig.SimulatorKey, ct));
        result.Started = n;
        try
        {
            await MeasureAsync(rig, sessions, s => s.SendAudioAsync, result, options, stamp: true, idle: null, idleRss: 0, null);
        }
        finally
        {
            await Parallel.ForEachAsync(sessions, async (s, _) => await s.DisposeAsync());
        }
        return result;
    }

    private static async Task<List<HubSession>> StartHubSessionsAsync(Rig rig, IReadOnlyList<LoadUser> users, int n, string mode, LevelResult result)
    {
        var started = new HubSession?[n];
        var failures = 0;
        await Parallel.ForAsync(0, n, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            HubSession? session = null;
            try
            {
                session = await HubSession.ConnectAsync(rig.SiteAddress, users[i], ct);
                await session.StartAsync(users[i].ConversationId, mode, ct);
                started[i] = session;
            }
            catch (Exception e)
            {
                Interlocked.Increment(ref failures);
                result.FirstFailure ??= $"{e.GetType().Name}: {e.Message}";
                if (session is not null)
                    await session.DisposeAsync();
            }
        });
        result.StartFailures = failures;
        var live = started.OfType<HubSession>().ToList();
        result.Started = live.Count;
        return live;
    }

    private static async Task EndAllAsync(List<HubSession> sessions) =>
        await Parallel.ForEachAsync(sessions, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (s, _) =>
        {
            try { await s.EndAsync(); }
            catch (Exception e) when (e is not OutOfMemoryException) { }
            await s.DisposeAsync();
        });

    private static async Task MeasureAsync<T>(Rig rig, IReadOnlyList<T> sessions, Func<T, Func<byte[], Task>> sender, LevelResult result,
        LoadOptions options, bool stamp, RuntimeStats? idle, long idleRss, Func<T, Task>? alongside, Func<int, byte[]>? content = null)
    {
        var n = sessions.Count;
        var warmup = options.WarmupSeconds * 1000 / Pacing.ChunkMs;
        var window = options.Seconds * 1000 / Pacing.ChunkMs;
        var pacings = sessions.Select(_ => new Pacing(warmup + window + 1000 / Pacing.ChunkMs, warmup, warmup + window)).ToList();
        for (var i = 0; i < n; i++)
            if (sessions[i] is HubSession h) h.Pacing = pacings[i];
            else if (sessions[i] is FloorSession f) f.Pacing = pacings[i];

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(options.WarmupSeconds + options.Seconds + 60));
        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 2;
        var running = Enumerable.Range(0, n).Select(i =>
        {
            var chunk = Pacing.NewChunk();
            return Task.Run(() => pacings[i].RunAsync(start, TimeSpan.FromMilliseconds((double)Pacing.ChunkMs * i / n),
                content ?? (_ => chunk), stamp, sender(sessions[i]), stop.Token));
        }).ToList();
        var extra = alongside is null ? [] : sessions.Select(s => Task.Run(() => alongside(s))).ToList();

        var windowStart = start + (long)((options.WarmupSeconds + 0.01) * Stopwatch.Frequency);
        await SleepUntil(windowStart);
        var cpu0 = rig.Cpu();
        var stats0 = idle is null ? null : await rig.StatsAsync();
        using var trace = idle is not null && options.TraceDirectory is { } traceDirectory ? StartTrace(rig, options, traceDirectory, result) : null;
        await SleepUntil(windowStart + (long)options.Seconds * Stopwatch.Frequency);
        var cpu1 = rig.Cpu();
        var stats1 = idle is null ? null : await rig.StatsAsync();
        var rss = rig.Site.RssBytes();
        if (trace is not null)
            await trace.WaitForExitAsync();

        await Task.WhenAll(running.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        await Task.WhenAll(extra);
        await Task.Delay(1000); // the last echoes
        var faulted = running.FirstOrDefault(t => t.IsFaulted);
        if (faulted is not null)
            result.LastError = "send failed: " + faulted.Exception!.GetBaseException().Message;

        result.Cpu = cpu1.Minus(cpu0);
        result.WindowSeconds = result.Cpu.Seconds;
        result.Chunks = (long)n * window;
        foreach (var pacing in pacings)
        {
            var (rtts, lost) = pacing.Window();
            result.RttUs.AddRange(rtts);
            result.Lost += lost;
            result.Late += rtts.Count(r => r > 100_000);
            result.GeneratorLateSends += pacing.LateSends;
            result.GeneratorMaxLagMs = Math.Max(result.GeneratorMaxLagMs, pacing.MaxSendLagTicks * 1000.0 / Stopwatch.Frequency);
        }
        if (stats0 is not null && stats1 is not null && idle is not null)
        {
            result.AllocatedBytes = stats1["allocated"] - stats0["allocated"];
            result.Gen0 = stats1["gen0"] - stats0["gen0"];
            result.Gen1 = stats1["gen1"] - stats0["gen1"];
            result.Gen2 = stats1["gen2"] - stats0["gen2"];
            result.PauseMs = stats1["pauseMs"] - stats0["pauseMs"];
            result.PoolItems = stats1["poolCompleted"] - stats0["poolCompleted"];
            result.QueueAvg = stats1["queueAvg"];
            result.QueueMax = stats1["queueMax"];
            result.Threads = stats1["threads"];
            result.HeapAtWindowEndBytes = stats1["heapBytes"];
            result.RssBytes = rss;
            result.RssPerSessionBytes = (double)(rss - idleRss) / n;
            var live = await rig.StatsAsync(collect: true);
            result.LiveHeapPerSessionBytes = (live["heapBytes"] - idle["heapBytes"]) / n;
            result.CommittedPerSessionBytes = (stats1["committedBytes"] - idle["committedBytes"]) / n;
        }
    }

    /// <summary>dotnet-trace on the site for the measured window (its own CPU lands on core 1 with the generator).</summary>
    private static Process StartTrace(Rig rig, LoadOptions options, string directory, LevelResult result)
    {
        Directory.CreateDirectory(directory);
        var output = Path.Combine(directory, $"{result.Kind}-{result.Sessions}-{options.TraceProfile.Replace(',', '+')}-{DateTime.UtcNow:HHmmss}.nettrace");
        var info = new ProcessStartInfo(options.DotnetTrace,
            $"collect -p {rig.Site.Pid} --profile {options.TraceProfile} --duration 00:00:00:{options.Seconds:00} -o \"{output}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
        };
        Console.WriteLine($"  tracing the site to {output}");
        return Process.Start(info) ?? throw new InvalidOperationException("dotnet-trace did not start.");
    }

    private static async Task InterruptLoopAsync(HubSession session, int everySeconds, LoadOptions options, LevelResult result)
    {
        // Cuts start in the warm-up, so the site's first ones (which compile the cut's code and the turn store's queries,
        // once per process) are not measured: only cuts made in the measured window count (it starts half a second after
        // this, past the warm-up), up to half a second before its end so none is in flight when it is read.
        var now = Stopwatch.GetTimestamp();
        var windowStart = now + (long)((options.WarmupSeconds + 0.5) * Stopwatch.Frequency);
        var until = now + (long)(options.WarmupSeconds + options.Seconds) * Stopwatch.Frequency;
        await SleepUntil(now + (long)((1 + Random.Shared.NextDouble() * everySeconds) * Stopwatch.Frequency), until);
        while (Stopwatch.GetTimestamp() < until)
        {
            var measured = Stopwatch.GetTimestamp() >= windowStart;
            var ms = await session.InterruptAsync(100);
            if (measured)
                lock (result.InterruptMs)
                    result.InterruptMs.Add(ms);
            await SleepUntil(Stopwatch.GetTimestamp() + (long)everySeconds * Stopwatch.Frequency, until);
        }
    }

    private static Task SleepUntil(long timestamp, long notAfter) => SleepUntil(Math.Min(timestamp, notAfter));

    private static async Task SleepUntil(long timestamp)
    {
        var wait = timestamp - Stopwatch.GetTimestamp();
        if (wait > 0)
            await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
    }
}
