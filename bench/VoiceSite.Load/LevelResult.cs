namespace VoiceSite.Load;

/// <summary>What one level of one kind (relay through the site, floor straight to the simulator, pipeline) measured.</summary>
internal sealed class LevelResult
{
    public required string Kind { get; init; }
    public required int Sessions { get; init; }
    public int Started { get; set; }
    public int StartFailures { get; set; }
    public string? FirstFailure { get; set; }
    public double WindowSeconds { get; set; }
    public long Chunks { get; set; }
    public int Lost { get; set; }
    public int Late { get; set; }
    public List<double> RttUs { get; set; } = [];
    public int GeneratorLateSends { get; set; }
    public double GeneratorMaxLagMs { get; set; }
    public int Errors { get; set; }
    public string? LastError { get; set; }
    public CpuSnapshot Cpu { get; set; }

    // Site runtime over the window (startup hook); NaN when the site was not involved.
    public double AllocatedBytes { get; set; } = double.NaN;
    public double Gen0 { get; set; }
    public double Gen1 { get; set; }
    public double Gen2 { get; set; }
    public double PauseMs { get; set; }
    public double PoolItems { get; set; }
    public double QueueAvg { get; set; }
    public double QueueMax { get; set; }
    public double Threads { get; set; }

    // Memory with the sessions live, against the same site with none (after a full collection).
    public double RssPerSessionBytes { get; set; } = double.NaN;
    public double RssBytes { get; set; }
    public double LiveHeapPerSessionBytes { get; set; } = double.NaN;
    public double CommittedPerSessionBytes { get; set; } = double.NaN;
    public double HeapAtWindowEndBytes { get; set; }

    // Interrupt and pipeline figures.
    public List<double> InterruptMs { get; set; } = [];
    public List<double> ReplyLatencyMs { get; set; } = [];

    public double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
            return double.NaN;
        var sorted = values.Order().ToList();
        var rank = p / 100 * (sorted.Count - 1);
        var lo = (int)Math.Floor(rank);
        var hi = Math.Min(sorted.Count - 1, lo + 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }

    public double RttMs(double p) => Percentile(RttUs, p) / 1000;
    public double RttMaxMs => RttUs.Count == 0 ? double.NaN : RttUs.Max() / 1000;

    /// <summary>
    /// CPU µs per chunk of the site alone, and of the server side: site + simulator through the relay, the simulator alone
    /// on the floor (the site is not on the floor's path; what it does meanwhile, such as ending the last level's sessions,
    /// is not the floor's).
    /// </summary>
    public double SiteUsPerChunk => Chunks == 0 ? double.NaN : Cpu.Site * 1e6 / Chunks;
    public double ServerUsPerChunk => Chunks == 0 ? double.NaN : ((Kind == "floor" ? 0 : Cpu.Site) + Cpu.Simulator) * 1e6 / Chunks;
    public double SimulatorUsPerChunk => Chunks == 0 ? double.NaN : Cpu.Simulator * 1e6 / Chunks;
    public double GeneratorUsPerChunk => Chunks == 0 ? double.NaN : Cpu.Generator * 1e6 / Chunks;
    public double AllocPerChunk => Chunks == 0 ? double.NaN : AllocatedBytes / Chunks;

    /// <summary>Share of one core the site used per live session over the window (CPU per session-second).</summary>
    public double SiteCpuPerSessionSecond => WindowSeconds == 0 ? double.NaN : Cpu.Site / (Sessions * WindowSeconds);

    /// <summary>Broken: chunks lost, sessions that failed, or round trips past a second at p99.</summary>
    public bool Broke => StartFailures > 0 || Lost > Chunks / 1000 || RttMs(99) > 1000;
}
