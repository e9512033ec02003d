namespace VoiceSite.Dashboard;

/// <summary>Percentiles of a sample by the nearest-rank method: the p-th percentile is the smallest value with at least p% of the sample at or below it.</summary>
public static class Percentiles
{
    public static readonly IReadOnlyList<int> Shown = [50, 90, 95, 99];

    /// <summary>The value at rank ceil(p/100 * n) of the sorted sample; null for an empty sample.</summary>
    public static double? Of(IReadOnlyList<int> sorted, int percentile)
    {
        if (sorted.Count == 0)
            return null;
        ArgumentOutOfRangeException.ThrowIfLessThan(percentile, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}
