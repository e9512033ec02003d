using System.Diagnostics;

namespace VoiceSite.Bench;

/// <summary>One line of the results: a measure (its unit in its name) over n samples.</summary>
internal sealed record Row(string Scenario, string Measure, IReadOnlyList<double> Values)
{
    public int N => Values.Count;
    public double Median => Stats.Percentile(Values, 0.5);
    public double P90 => Stats.Percentile(Values, 0.9);
    public double Max => Values.Count == 0 ? double.NaN : Values.Max();
}

/// <summary>How many measured turns per scenario, after how many unmeasured warm-up turns.</summary>
internal sealed record BenchSettings(int Turns, int Warmup);

internal static class Stats
{
    /// <summary>Nearest-rank percentile (the median of an even count is the mean of the middle two).</summary>
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
            return double.NaN;
        var sorted = values.Order().ToArray();
        if (p == 0.5 && sorted.Length % 2 == 0)
            return (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    /// <summary>Milliseconds of 24 kHz PCM16 audio in the Audio events.</summary>
    public static double AudioMs(IEnumerable<HubEvent> events) =>
        events.Where(e => e.Name == "Audio").Sum(e => e.Bytes.Length) / 48.0;
}
