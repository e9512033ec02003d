using System.Globalization;
using System.Text;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using VoiceSite.Bench;

namespace VoiceSite.Micro;

/// <summary>
/// Runs the micro benchmarks with BenchmarkDotNet and writes their section of <c>bench/results.md</c> (between the
/// <c>micro:begin/end</c> markers). Options: <c>--no-write</c>; <c>--filter PATTERN</c> is passed to BenchmarkDotNet.
/// </summary>
internal static class MicroMain
{
    public const string Command = "dotnet run -c Release --project bench/VoiceSite.Micro";

    public static int Main(string[] args)
    {
        // In process: no generated project to restore and build (the package source here is a partial mirror), and the
        // figures are for the same JIT and GC settings the site runs with. Warm-up and iteration counts keep the run to
        // a few minutes; BenchmarkDotNet still reports the spread.
        var job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(5).WithIterationCount(20);
        var config = ManualConfig.CreateMinimumViable()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "voicesite-micro"));
        var filtered = args.Where(a => a != "--no-write").ToArray();
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(MicroMain).Assembly).Run(filtered.Length > 0 ? filtered : ["--filter", "*"], config).ToList();
        var section = Section(summaries);
        Console.WriteLine(section);
        if (summaries.Any(s => s.HasCriticalValidationErrors))
            return 1; // nothing measured to write
        if (args.Contains("--no-write"))
            return 0;
        var path = Path.Combine(BenchEnvironment.RepositoryRoot(), "bench", "results.md");
        File.WriteAllText(path, Replace(File.ReadAllText(path), section));
        Console.WriteLine($"Wrote the micro benchmarks section of {path}.");
        return 0;
    }

    private static string Section(IReadOnlyList<Summary> summaries)
    {
        var text = new StringBuilder();
        text.AppendLine("<!-- micro:begin -->");
        text.AppendLine("## Micro benchmarks (BenchmarkDotNet)");
        text.AppendLine();
        text.AppendLine(Invariant($"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC with `{Command}` (BenchmarkDotNet, in-process toolchain, 5 warm-up and 20 measured iterations, MemoryDiagnoser); machine: {BenchEnvironment.Machine()}. One operation is one 20 ms chunk of 24 kHz PCM16; \"x real time\" is how many seconds of audio one second of one core handles at the mean. Times on a shared machine move with its load (see StdDev); allocations are exact."));
        text.AppendLine();
        text.AppendLine("| Benchmark | Mean | StdDev | Median | Allocated per op | x real time |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var report in summaries.SelectMany(s => s.Reports))
        {
            var stats = report.ResultStatistics;
            var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
            var name = report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\'');
            if (report.BenchmarkCase.HasParameters)
                name += " " + report.BenchmarkCase.Parameters.DisplayInfo;
            if (stats is null)
            {
                text.AppendLine($"| {name} | failed |  |  |  |  |");
                continue;
            }
            text.AppendLine(Invariant($"| {name} | {Time(stats.Mean)} | {Time(stats.StandardDeviation)} | {Time(stats.Median)} | {allocated?.ToString("N0", CultureInfo.InvariantCulture) ?? "n/a"} B | {(report.BenchmarkCase.Descriptor.Type == typeof(TurnStoreBenchmarks) ? "" : Invariant($"{20e6 / stats.Mean:N0}x"))} |"));
        }
        text.AppendLine();
        text.AppendLine("Recording rows are taken with native libopus (`NativeOpus=True`, what the container runs) and with Concentus's managed port (`False`, what runs where the system's `libopus.so` does not load).");
        text.AppendLine();
        text.AppendLine("The two relay rows in each pair are the same work: the site's own reader and writer against the OpenAI client's models, which is the measurement behind `RealtimeWire` (the client still opens the socket and reads every other event).");
        text.AppendLine();
        text.AppendLine("The turn-store rows are one stored turn each (not a chunk): `SiteRegistration=True` is the site's own registration of its contexts, `False` a new context each time; SQLite on tmpfs, so they measure the work, not the disk's flush.");
        text.AppendLine("<!-- micro:end -->");
        return text.ToString();
    }

    /// <summary>Replaces the section between the markers, or puts it before the load benchmark's sections.</summary>
    internal static string Replace(string markdown, string section)
    {
        var start = markdown.IndexOf("<!-- micro:begin -->", StringComparison.Ordinal);
        var end = markdown.IndexOf("<!-- micro:end -->", StringComparison.Ordinal);
        if (start >= 0 && end > start)
            return markdown[..start] + section.TrimEnd() + markdown[(end + "<!-- micro:end -->".Length)..];
        var load = markdown.IndexOf("\n## Load benchmark", StringComparison.Ordinal);
        return load < 0 ? markdown.TrimEnd() + "\n\n" + section : markdown[..(load + 1)] + section + "\n" + markdown[(load + 1)..];
    }

    private static string Time(double nanoseconds) =>
        nanoseconds >= 1000 ? Invariant($"{nanoseconds / 1000:0.00} µs") : Invariant($"{nanoseconds:0} ns");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
