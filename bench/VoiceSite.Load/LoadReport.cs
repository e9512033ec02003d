using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.SignalR.Protocol;
using VoiceSite.Bench;

namespace VoiceSite.Load;

/// <summary>The load benchmark's tables (markdown), written to a block of bench/results.md named by --label.</summary>
internal sealed class LoadReport(LoadOptions options, List<LevelResult> results, RuntimeStats siteRuntime)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Line(LevelResult r) => r.Kind switch
    {
        "pipeline" => $"  pipeline {r.Sessions,4}: started {r.Started}, reply latency p50 {F(r.Percentile(r.ReplyLatencyMs, 50))} p99 {F(r.Percentile(r.ReplyLatencyMs, 99))} ms " +
                      $"(n={r.ReplyLatencyMs.Count}), site CPU {F(r.SiteCpuPerSessionSecond * 100)}% of a core per session, errors {r.Errors} {r.LastError}",
        _ => $"  {r.Kind,-9} {r.Sessions,4}: RTT p50 {F(r.RttMs(50))} p90 {F(r.RttMs(90))} p99 {F(r.RttMs(99))} max {F(r.RttMaxMs)} ms, lost {r.Lost}, late {r.Late}, " +
             $"CPU µs/chunk site {F(r.SiteUsPerChunk)} sim {F(r.SimulatorUsPerChunk)} gen {F(r.GeneratorUsPerChunk)}, alloc {F(r.AllocPerChunk)} B/chunk, " +
             $"RSS/session {F(r.RssPerSessionBytes / 1024)} KB, live heap/session {F(r.LiveHeapPerSessionBytes / 1024)} KB, starts failed {r.StartFailures} {r.FirstFailure}" +
             (r.InterruptMs.Count > 0 ? $", Interrupt p50 {F(r.Percentile(r.InterruptMs, 50))} p99 {F(r.Percentile(r.InterruptMs, 99))} max {F(r.InterruptMs.Max())} ms (n={r.InterruptMs.Count})" : "") +
             (r.Errors > 0 ? $", errors {r.Errors} ({r.LastError})" : ""),
    };

    public string Markdown()
    {
        var md = new StringBuilder();
        md.AppendLine(Inv, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: `bench/load.sh {options.CommandLine}`; machine: {BenchEnvironment.Machine()}.");
        md.AppendLine(Inv, $"Site: `{Path.GetRelativePath(options.Root, options.SiteDll)}`, environment {options.SiteEnvironmentName}, server GC {siteRuntime["serverGc"]}, " +
            $"concurrent GC {siteRuntime["concurrentGc"]}{(options.SiteEnvironment.Count > 0 ? ", " + string.Join(", ", options.SiteEnvironment.Select(e => $"{e.Key}={e.Value}")) : "")}; " +
            $"recording {(options.Recording ? "on" : "off")}; {(options.Pin ? "site pinned to core 0, simulator and generator to core 1" : "not pinned")}; " +
            $"{options.WarmupSeconds} s warm-up then {options.Seconds} s measured per level; {Pacing.ChunkMs} ms chunks at real time.");
        md.AppendLine();
        md.AppendLine("| sessions | run | RTT p50 | p90 | p99 | max (ms) | lost | late >100 ms | generator sends >5 ms late | machine busy |");
        md.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results.Where(r => r.Kind is "relay" or "floor"))
            md.AppendLine(Inv, $"| {r.Sessions} | {r.Kind} | {F(r.RttMs(50))} | {F(r.RttMs(90))} | {F(r.RttMs(99))} | {F(r.RttMaxMs)} | {r.Lost} | {r.Late} | {r.GeneratorLateSends} | {r.Cpu.MachineBusy:P0} |");
        md.AppendLine();
        md.AppendLine($"CPU per echoed {Pacing.ChunkMs} ms chunk (µs, from /proc of each process; \"server\" = site + simulator, the figure the floor is taken from), " +
                      "the site's allocations per chunk (`GC.GetTotalAllocatedBytes(true)` deltas), GC and thread pool over the window:");
        md.AppendLine();
        md.AppendLine("| sessions | run | site µs | simulator µs | generator µs | server µs | relay's own µs (server, relay - floor) | site alloc B | site CPU per session-second | gen0/1/2 | GC pause ms | pool items/chunk | queue avg/max | threads |");
        md.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|---:|");
        var relays = results.Where(r => r.Kind == "relay").ToList();
        foreach (var r in results.Where(r => r.Kind is "relay" or "floor"))
        {
            var own = r.Kind == "relay" && FloorOf(r) is { } floor ? F(r.ServerUsPerChunk - floor.ServerUsPerChunk) : "";
            var site = r.Kind == "relay";
            md.AppendLine(Inv, $"| {r.Sessions} | {r.Kind} | {F(r.SiteUsPerChunk)} | {F(r.SimulatorUsPerChunk)} | {F(r.GeneratorUsPerChunk)} | {F(r.ServerUsPerChunk)} | {own} | " +
                $"{(site ? F(r.AllocPerChunk) : "")} | {(site ? $"{r.SiteCpuPerSessionSecond:P2}" : "")} | {(site ? $"{r.Gen0}/{r.Gen1}/{r.Gen2}" : "")} | " +
                $"{(site ? F(r.PauseMs) : "")} | {(site ? F(r.PoolItems / r.Chunks) : "")} | {(site ? $"{F(r.QueueAvg)}/{r.QueueMax}" : "")} | {(site ? r.Threads.ToString(Inv) : "")} |");
        }
        md.AppendLine();
        md.AppendLine("Site memory with the sessions live, against the same site with none: RSS at the end of the window, and the managed heap " +
                      "after a full blocking collection (what the sessions keep alive):");
        md.AppendLine();
        md.AppendLine("| sessions | RSS (MB) | RSS per session (KB) | live managed heap per session (KB) | GC committed per session (KB) |");
        md.AppendLine("|---:|---:|---:|---:|---:|");
        foreach (var r in relays)
            md.AppendLine(Inv, $"| {r.Sessions} | {F(r.RssBytes / 1048576)} | {F(r.RssPerSessionBytes / 1024)} | {F(r.LiveHeapPerSessionBytes / 1024)} | {F(r.CommittedPerSessionBytes / 1024)} |");
        foreach (var r in results.Where(r => r.Kind == "interrupt"))
        {
            md.AppendLine();
            md.AppendLine(Inv, $"Interrupt with {r.Sessions} live realtime sessions (each calls `Interrupt(100)` about {Every(options.InterruptEverySeconds)} while its echo plays; " +
                $"the time is the hub call until it returns, the reply cut upstream): n={r.InterruptMs.Count}, p50 {F(r.Percentile(r.InterruptMs, 50))} ms, " +
                $"p90 {F(r.Percentile(r.InterruptMs, 90))} ms, p99 {F(r.Percentile(r.InterruptMs, 99))} ms, max {F(r.InterruptMs.DefaultIfEmpty(double.NaN).Max())} ms; " +
                $"echo RTT p50 {F(r.RttMs(50))} / p99 {F(r.RttMs(99))} ms meanwhile (chunks cut with a reply are dropped on purpose: {r.Lost}).");
        }
        var pipelines = results.Where(r => r.Kind == "pipeline").ToList();
        if (pipelines.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("Pipeline variant (each session: 1 s of tone, 3 s of quiet, repeated; STT, chat and TTS from the simulator's process):");
            md.AppendLine();
            md.AppendLine("| sessions | started | SpeechStopped -> first Audio p50 | p99 (ms) | replies | site CPU per session-second | site alloc per session-second (KB) | RSS per session (KB) | errors |");
            md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var r in pipelines)
                md.AppendLine(Inv, $"| {r.Sessions} | {r.Started} | {F(r.Percentile(r.ReplyLatencyMs, 50))} | {F(r.Percentile(r.ReplyLatencyMs, 99))} | {r.ReplyLatencyMs.Count} | " +
                    $"{r.SiteCpuPerSessionSecond:P2} | {F(r.AllocatedBytes / (r.Sessions * r.WindowSeconds) / 1024)} | {F(r.RssPerSessionBytes / 1024)} | {r.Errors} |");
        }
        md.AppendLine();
        md.AppendLine(WireBytes());
        return md.ToString();
    }

    /// <summary>
    /// Bytes on the browser leg per audio message, exactly as sent: the MessagePack hub message (as the server's own protocol
    /// writes it, length prefix included) plus the WebSocket frame header (masked from the browser), against the raw PCM.
    /// </summary>
    /// <summary>The floor run paired with a relay run (same N, same repetition).</summary>
    public LevelResult? FloorOf(LevelResult relay)
    {
        var index = results.Where(x => x.Kind == "relay" && x.Sessions == relay.Sessions).ToList().IndexOf(relay);
        return results.Where(f => f.Kind == "floor" && f.Sessions == relay.Sessions).ElementAtOrDefault(index);
    }

    public static string WireBytes()
    {
        var protocol = new MessagePackHubProtocol();
        string Ratio(string target, int ms, bool masked)
        {
            var pcm = new byte[ms * 48];
            var writer = new ArrayBufferWriter<byte>();
            protocol.WriteMessage(new InvocationMessage(target, [pcm]), writer);
            var payload = writer.WrittenCount;
            var header = 2 + (payload > 125 ? (payload > 65535 ? 8 : 2) : 0) + (masked ? 4 : 0);
            return $"`{target}` {ms} ms: {pcm.Length} B of PCM in {payload + header} B ({(double)(payload + header) / pcm.Length:0.000}x)";
        }
        return "Wire bytes on the browser leg (MessagePack hub message + WebSocket frame header): " +
               $"{Ratio("SendAudio", 40, true)}; {Ratio("SendAudio", 20, true)}; {Ratio("Audio", 40, false)}; {Ratio("Audio", 20, false)}.";
    }

    public void Write()
    {
        var path = Path.Combine(options.Root, "bench", "results.md");
        var text = File.Exists(path) ? File.ReadAllText(path) : "";
        var begin = $"<!-- load:{options.Label}:begin -->";
        var end = $"<!-- load:{options.Label}:end -->";
        var block = begin + "\n" + Markdown().TrimEnd() + "\n" + end;
        var from = text.IndexOf(begin, StringComparison.Ordinal);
        var to = text.IndexOf(end, StringComparison.Ordinal);
        text = from >= 0 && to > from
            ? text[..from] + block + text[(to + end.Length)..]
            : text.TrimEnd() + $"\n\n### Load run \"{options.Label}\"\n\n" + block + "\n";
        File.WriteAllText(path, text);
    }

    private static string F(double value) => double.IsNaN(value) ? "-" :
        Math.Abs(value) >= 100 ? value.ToString("0", Inv) : Math.Abs(value) >= 10 ? value.ToString("0.0", Inv) : value.ToString("0.00", Inv);

    private static string Every(int seconds) => seconds == 1 ? "once a second" : $"once every {seconds} seconds";
}
