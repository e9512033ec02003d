using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using VoiceSite.Data.Entities;

namespace VoiceSite.Dashboard;

/// <summary>
/// A chart as the page hands it to <c>wwwroot/js/dashboard.js</c> (JSON in a <c>data-chart</c> attribute: the CSP allows
/// no inline script), which draws it with Chart.js. The same figures are in a table beside each chart.
/// </summary>
public sealed record ChartSpec(string Type, IReadOnlyList<string> Labels, IReadOnlyList<ChartSeries> Datasets, string Unit, bool Stacked = false, bool Horizontal = false)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

public sealed record ChartSeries(string Label, IReadOnlyList<double?> Data);

/// <summary>The dashboard's charts, built from its figures.</summary>
public static class DashboardCharts
{
    public static string Day(DateOnly day) => day.ToString("MM-dd", CultureInfo.InvariantCulture);

    public static ChartSpec TurnsPerDay(DashboardFigures f) => new("bar", [.. f.PerDay.Select(d => Day(d.Day))],
    [
        new("Natural (realtime)", [.. f.PerDay.Select(d => (double?)d.RealtimeTurns)]),
        new("Classic (pipeline)", [.. f.PerDay.Select(d => (double?)d.PipelineTurns)]),
    ], "turns", Stacked: true);

    public static ChartSpec MinutesPerDay(DashboardFigures f) => new("line", [.. f.PerDay.Select(d => Day(d.Day))],
        [new("Voice minutes", [.. f.PerDay.Select(d => (double?)Math.Round(d.VoiceMinutes, 1))])], "minutes");

    /// <summary>Bars along the measures' names (long names read level on a phone).</summary>
    public static ChartSpec Latency(IReadOnlyList<LatencyFigures> window) => new("bar", [.. window.Select(SeriesName)],
        [.. Percentiles.Shown.Select(p => new ChartSeries($"p{p}", [.. window.Select(l => l.Percentile[p])]))], "ms", Horizontal: true);

    /// <summary>One stacked bar per scenario: the cost of the replies' tokens, speech to text, text to speech and scoring.</summary>
    public static ChartSpec CostPerScenario(DashboardFigures f) => new("bar", [.. f.Costs.Select(c => c.Scenario)],
    [
        new("Replies' tokens", [.. f.Costs.Select(c => Chartable(c.RepliesCost))]),
        new("Speech to text", [.. f.Costs.Select(c => Chartable(c.SttCost))]),
        new("Text to speech", [.. f.Costs.Select(c => Chartable(c.TtsCost))]),
        new("Scoring", [.. f.Costs.Select(c => Chartable(c.ScoringCost))]),
    ], f.Currency, Stacked: true, Horizontal: true);

    private static double? Chartable(decimal cost) => Math.Round((double)cost, 4);

    public static ChartSpec ErrorsPerDay(DashboardFigures f) => new("bar", [.. f.PerDay.Select(d => Day(d.Day))],
        [new("Upstream errors per 100 user turns", [.. f.PerDay.Select(d => d.ErrorsPer100Turns is { } r ? Math.Round(r, 2) : (double?)null)])],
        "errors per 100 turns");

    public static string SeriesName(LatencyFigures l) =>
        $"{(l.Mode == VoiceMode.Realtime ? "Natural" : "Classic")}: {l.Name.ToLowerInvariant()}";

    public static string Ms(double? value) => value is { } v ? v.ToString("#,##0", CultureInfo.InvariantCulture) + " ms" : "–";

    public static string Money(decimal value) => value.ToString("#,##0.00##", CultureInfo.InvariantCulture);

    public static string Count(long value) => value.ToString("#,##0", CultureInfo.InvariantCulture);

    public static string Minutes(double value) => value.ToString("#,##0.#", CultureInfo.InvariantCulture);

    public static string Rate(double? value) => value is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) : "–";
}
