using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace VoiceSite.Load;

/// <summary>
/// <c>VoiceSite.Load --analyze FILE.nettrace [chunks]</c>: summarizes a dotnet-trace file of the site. With the gc-verbose
/// profile: sampled allocations (one GCAllocationTick per ~100 KB) by type and by allocating frame; with
/// dotnet-sampled-thread-time: the busiest frames, counting only samples whose thread was running managed code.
/// With <c>chunks</c> (chunks relayed while tracing) the byte figures are also given per chunk.
/// </summary>
internal static class TraceSummary
{
    public static void Print(string path, long chunks)
    {
        var etlx = TraceLog.CreateFromEventPipeDataFile(path);
        using var log = new TraceLog(etlx);
        var byType = new Dictionary<string, double>();
        var byFrame = new Dictionary<string, double>();
        var exclusive = new Dictionary<string, int>();
        var inclusive = new Dictionary<string, int>();
        var paths = new Dictionary<string, int>();
        double total = 0;
        var samples = 0;
        foreach (var e in log.Events)
        {
            if (e is GCAllocationTickTraceData tick)
            {
                var bytes = tick.AllocationAmount64;
                total += bytes;
                Add(byType, tick.TypeName ?? "?", bytes);
                Add(byFrame, Frames(e.CallStack(), 4), bytes);
            }
            else if (e.ProviderName == "Microsoft-DotNETCore-SampleProfiler" && e.CallStack() is { } stack)
            {
                var leaf = stack.CodeAddress.FullMethodName;
                if (string.IsNullOrEmpty(leaf) || IsWait(leaf))
                    continue; // a waiting thread, not CPU
                samples++;
                exclusive[leaf] = exclusive.GetValueOrDefault(leaf) + 1;
                var where = Frames(stack, 4);
                paths[where] = paths.GetValueOrDefault(where) + 1;
                var seen = new HashSet<string>();
                for (var s = stack; s is not null; s = s.Caller)
                    if (s.CodeAddress.FullMethodName is { Length: > 0 } m && seen.Add(m))
                        inclusive[m] = inclusive.GetValueOrDefault(m) + 1;
            }
        }
        if (total > 0)
        {
            Console.WriteLine($"Sampled allocations: {total / 1048576:0.0} MB{(chunks > 0 ? $" = {total / chunks:0} B per chunk" : "")}");
            Console.WriteLine("By type:");
            foreach (var (type, bytes) in byType.OrderByDescending(p => p.Value).Take(25))
                Console.WriteLine($"  {bytes / total,6:P1} {(chunks > 0 ? $"{bytes / chunks,7:0} B/chunk " : "")}{type}");
            Console.WriteLine("By allocating frames:");
            foreach (var (frames, bytes) in byFrame.OrderByDescending(p => p.Value).Take(25))
                Console.WriteLine($"  {bytes / total,6:P1} {frames}");
        }
        if (samples > 0)
        {
            Console.WriteLine($"Thread samples in managed code, not waiting: {samples}");
            Console.WriteLine("Exclusive:");
            foreach (var (method, count) in exclusive.OrderByDescending(p => p.Value).Take(30))
                Console.WriteLine($"  {(double)count / samples,6:P1} {method}");
            Console.WriteLine("Busiest stacks (leaf < callers):");
            foreach (var (frames, count) in paths.OrderByDescending(p => p.Value).Take(25))
                Console.WriteLine($"  {(double)count / samples,6:P1} {frames}");
            Console.WriteLine("Inclusive:");
            foreach (var (method, count) in inclusive.OrderByDescending(p => p.Value).Take(60))
                Console.WriteLine($"  {(double)count / samples,6:P1} {method}");
        }
    }

    private static bool IsWait(string method) =>
        method.Contains("Wait", StringComparison.Ordinal) || method.Contains("Sleep", StringComparison.Ordinal) ||
        method.Contains("Interop+Sys.Read(", StringComparison.Ordinal) || method.Contains("Interop+Sys.Accept", StringComparison.Ordinal) ||
        method.Contains("WaitForSocketEvents", StringComparison.Ordinal);

    private static string Frames(TraceCallStack? stack, int count)
    {
        var names = new List<string>();
        for (var s = stack; s is not null && names.Count < count; s = s.Caller)
        {
            var name = s.CodeAddress.FullMethodName;
            if (string.IsNullOrEmpty(name) || name.StartsWith("System.GC", StringComparison.Ordinal) || name.Contains("Allocate", StringComparison.Ordinal))
                continue;
            names.Add(name.Length > 90 ? name[..90] : name);
        }
        return names.Count == 0 ? "?" : string.Join(" < ", names);
    }

    private static void Add(Dictionary<string, double> map, string key, double value) => map[key] = map.GetValueOrDefault(key) + value;
}
