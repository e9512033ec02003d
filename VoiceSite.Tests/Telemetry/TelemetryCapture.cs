using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using VoiceSite.Telemetry;

namespace VoiceSite.Tests.Telemetry;

/// <summary>
/// What the site exports, caught by OpenTelemetry's in-memory exporters added to the site's own pipeline (after its
/// processors, as an exporter added by configuration would be). Spans are recorded (the site records none when it has
/// no exporter).
/// </summary>
public sealed class TelemetryCapture
{
    public LockedList<Activity> Spans { get; } = new();
    public LockedList<MetricSnapshot> Metrics { get; } = new();
    public LockedList<LogRecord> Logs { get; } = new();

    public void AddTo(IWebHostBuilder builder) => builder.ConfigureServices(services =>
    {
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.SetSampler(new AlwaysOnSampler()).AddInMemoryExporter(Spans));
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(Metrics));
        services.Configure<OpenTelemetryLoggerOptions>(logging => logging.AddInMemoryExporter(Logs)); // copies each record
    });

    /// <summary>Collects every instrument now and returns the latest snapshot of each site metric (cumulative totals).</summary>
    public IReadOnlyDictionary<string, MetricSnapshot> CollectSiteMetrics(IServiceProvider services)
    {
        Metrics.Clear();
        Assert.True(services.GetRequiredService<MeterProvider>().ForceFlush(10_000), "the metrics were not collected");
        return Metrics.Snapshot().Where(m => m.MeterName == VoiceMetrics.MeterName)
            .GroupBy(m => m.Name).ToDictionary(g => g.Key, g => g.Last());
    }

    /// <summary>Waits for an exported span that matches; fails after the timeout.</summary>
    public async Task<Activity> WaitForSpanAsync(Func<Activity, bool> match, string what, int timeoutSeconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            if (Spans.Snapshot().FirstOrDefault(match) is { } span)
                return span;
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"No exported span {what} within {timeoutSeconds} s. Spans: "
                    + string.Join(", ", Spans.Snapshot().Select(s => s.DisplayName).Distinct()));
            await Task.Delay(100);
        }
    }
}

/// <summary>A list the exporters add to from their threads while a test reads it.</summary>
public sealed class LockedList<T> : ICollection<T>
{
    private readonly List<T> _items = [];

    public List<T> Snapshot()
    {
        lock (_items)
            return [.. _items];
    }

    public int Count { get { lock (_items) return _items.Count; } }
    public bool IsReadOnly => false;
    public void Add(T item) { lock (_items) _items.Add(item); }
    public void Clear() { lock (_items) _items.Clear(); }
    public bool Contains(T item) { lock (_items) return _items.Contains(item); }
    public void CopyTo(T[] array, int arrayIndex) { lock (_items) _items.CopyTo(array, arrayIndex); }
    public bool Remove(T item) { lock (_items) return _items.Remove(item); }
    public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>
/// The telemetry tests run alone: the turn spans' source and the site's meter are process-wide names, so another
/// test's site running at the same time would add its turns to these exporters.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry";
}
