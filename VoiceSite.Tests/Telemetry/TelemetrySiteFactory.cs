using Microsoft.AspNetCore.Hosting;
using OpenTelemetry.Metrics;
using VoiceSite.Tests.Infrastructure;
using VoiceSite.Tests.Pipeline;

namespace VoiceSite.Tests.Telemetry;

/// <summary>The site on a real socket with the simulator, its telemetry caught by in-memory exporters.</summary>
public class TelemetrySiteFactory : PipelineSiteFactory
{
    public TelemetryCapture Telemetry { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        Telemetry.AddTo(builder);
    }

    public IReadOnlyDictionary<string, MetricSnapshot> CollectMetrics() => Telemetry.CollectSiteMetrics(Services);

    /// <summary>A new signed-in user's conversation with a live session in <paramref name="mode"/>, on a reset simulator.</summary>
    public async Task<(VoiceHubClient Client, Guid Conversation)> StartSessionAsync(string mode)
    {
        ResetSimulator();
        var (user, _) = await this.CreateSignedInUserAsync();
        var conversation = await this.CreateConversationAsync(user.Email!);
        var client = await VoiceHubClient.ConnectAsync(this, user.Email!);
        await client.StartSessionAsync(conversation, mode);
        return (client, conversation);
    }
}

/// <summary>Reading the points of a metric snapshot by their tags.</summary>
public static class MetricPoints
{
    public static IReadOnlyList<MetricPoint> With(this MetricSnapshot metric, params (string Key, string Value)[] tags) =>
        metric.MetricPoints.Where(p => tags.All(t => Tags(p).TryGetValue(t.Key, out var v) && Equals(v, t.Value))).ToList();

    public static Dictionary<string, object?> Tags(MetricPoint point)
    {
        var tags = new Dictionary<string, object?>();
        foreach (var tag in point.Tags)
            tags[tag.Key] = tag.Value;
        return tags;
    }

    /// <summary>The total of a counter (or up-down counter) over the points with these tags.</summary>
    public static long Sum(this IReadOnlyDictionary<string, MetricSnapshot> metrics, string name, params (string, string)[] tags) =>
        metrics.TryGetValue(name, out var metric) ? metric.With(tags).Sum(p => p.GetSumLong()) : 0;

    /// <summary>The total of a counter of doubles over the points with these tags.</summary>
    public static double SumDouble(this IReadOnlyDictionary<string, MetricSnapshot> metrics, string name, params (string, string)[] tags) =>
        metrics.TryGetValue(name, out var metric) ? metric.With(tags).Sum(p => p.GetSumDouble()) : 0;

    /// <summary>How many values a histogram holds over the points with these tags, and their sum.</summary>
    public static (long Count, double Sum) Histogram(this IReadOnlyDictionary<string, MetricSnapshot> metrics, string name, params (string, string)[] tags)
    {
        if (!metrics.TryGetValue(name, out var metric))
            return (0, 0);
        var points = metric.With(tags);
        return (points.Sum(p => p.GetHistogramCount()), points.Sum(p => p.GetHistogramSum()));
    }

    /// <summary>The tag names each point of a metric carries.</summary>
    public static IEnumerable<string> TagNames(this MetricSnapshot metric) =>
        metric.MetricPoints.SelectMany(p => Tags(p).Keys).Distinct().Order();
}
