using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using VoiceSite.Security;
using VoiceSite.Telemetry;
using VoiceSite.Tests.Infrastructure;
using VoiceSite.Tests.Security;
using VoiceSite.Voice;

namespace VoiceSite.Tests.Telemetry;

/// <summary>Every service against an upstream that echoes the keys into its errors; telemetry caught by in-memory exporters.</summary>
public sealed class EchoingTelemetrySiteFactory : EchoingUpstreamSiteFactory
{
    public TelemetryCapture Telemetry { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        Telemetry.AddTo(builder);
    }
}

/// <summary>
/// Issue 14, item 3: no configured secret leaves in telemetry. Upstreams that echo the keys into their errors (which the
/// site logs), a log line and a log scope holding a key, and spans holding one: the exported logs, spans and metrics
/// hold no key, and the keys were blanked on the way (so the test sees the path a secret would take).
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class TelemetrySecretTests
{
    private static readonly string[] Secrets = EchoingUpstreamSiteFactory.Secrets;

    private static void AssertNoSecret(string? text, string where)
    {
        foreach (var secret in Secrets)
            Assert.False(text?.Contains(secret, StringComparison.Ordinal) ?? false, $"A configured secret left in {where}: {text}");
    }

    [Fact]
    public async Task Exported_logs_spans_and_metrics_hold_no_configured_secret()
    {
        await using var site = new EchoingTelemetrySiteFactory();
        var (user, _) = await site.CreateSignedInUserAsync();
        var conversation = await site.CreateConversationAsync(user.Email!);
        await using var client = await VoiceHubClient.ConnectAsync(site, user.Email!);

        // Realtime: the upstream answers each event with an error echoing the request headers (the api-key among them).
        await client.StartSessionAsync(conversation, "realtime");
        await client.SpeakAsync(TestAudio.Silence(400));
        await client.WaitForAsync("Error", e => e.Text(0) == VoiceErrorCodes.Upstream);
        // Speech to text: 401 with the headers echoed in the body.
        var before = client.Events.Count;
        await client.StartSessionAsync(conversation, "pipeline");
        await client.SpeakAsync(TestAudio.Concat(TestAudio.Tone(220, 800), TestAudio.Silence(900)));
        await client.WaitForAsync("Error", e => e.Text(0) == VoiceErrorCodes.UpstreamUnauthorized, after: before);

        // A log line and a scope holding a key, written through the site's logger factory like any library's.
        var logger = site.Services.GetRequiredService<ILoggerFactory>().CreateLogger("TelemetrySecretProbe");
        using (logger.BeginScope("Scope with {Key}", EchoingUpstreamSiteFactory.SpeechKey))
            logger.LogWarning("The chat key is {Key}", EchoingUpstreamSiteFactory.ChatKey);

        // Spans holding a key: in a tag and the status (blanked), in an exception event (the span is not exported).
        var source = new ActivitySource(TurnTrace.SourceName);
        using (var probe = source.StartActivity("secret.probe"))
        {
            probe!.SetTag("probe.header", $"api-key: {EchoingUpstreamSiteFactory.RealtimeKey}");
            probe.SetStatus(ActivityStatusCode.Error, $"refused {EchoingUpstreamSiteFactory.ChatKey}");
        }
        using (var probe = source.StartActivity("secret.event.probe"))
            probe!.AddException(new InvalidOperationException($"key {EchoingUpstreamSiteFactory.SpeechKey}"));

        site.Services.GetRequiredService<TracerProvider>().ForceFlush();
        site.Services.GetRequiredService<LoggerProvider>().ForceFlush();
        site.Services.GetRequiredService<MeterProvider>().ForceFlush();
        var telemetry = site.Telemetry;

        var logs = telemetry.Logs.Snapshot();
        Assert.NotEmpty(logs);
        foreach (var log in logs)
        {
            var where = $"an exported log record ({log.CategoryName})";
            AssertNoSecret(log.FormattedMessage, where);
            AssertNoSecret(log.Body, where);
            AssertNoSecret(log.Exception?.ToString(), where);
            foreach (var attribute in log.Attributes ?? [])
                AssertNoSecret(attribute.Value?.ToString(), where);
            log.ForEachScope<object?>((scope, _) =>
            {
                foreach (var item in scope)
                    AssertNoSecret(item.Value?.ToString(), $"{where}'s scope");
            }, null);
        }
        // The keys were on their way out and were blanked: the upstreams' echoes and the probe line.
        Assert.Contains(logs, l => l.FormattedMessage?.Contains("echo", StringComparison.Ordinal) == true
                                   && l.FormattedMessage.Contains(SecretValues.Mask, StringComparison.Ordinal));
        var probeLog = Assert.Single(logs, l => l.CategoryName == "TelemetrySecretProbe");
        Assert.Equal($"The chat key is {SecretValues.Mask}", probeLog.FormattedMessage);
        Assert.Contains(probeLog.Attributes!, a => a.Key == "Key" && Equals(a.Value, SecretValues.Mask));

        var spans = telemetry.Spans.Snapshot();
        Assert.NotEmpty(spans);
        foreach (var span in spans)
        {
            var where = $"an exported span ({span.DisplayName}, {span.Source.Name})";
            AssertNoSecret(span.DisplayName, where);
            AssertNoSecret(span.StatusDescription, where);
            foreach (var tag in span.TagObjects)
                AssertNoSecret(tag.Value?.ToString(), where);
            foreach (var e in span.Events)
                foreach (var tag in e.Tags)
                    AssertNoSecret(tag.Value?.ToString(), $"{where}'s event {e.Name}");
        }
        var exportedProbe = Assert.Single(spans, s => s.OperationName == "secret.probe");
        Assert.Equal($"api-key: {SecretValues.Mask}", exportedProbe.GetTagItem("probe.header"));
        Assert.Equal($"refused {SecretValues.Mask}", exportedProbe.StatusDescription);
        Assert.DoesNotContain(spans, s => s.OperationName == "secret.event.probe");

        var metrics = telemetry.Metrics.Snapshot();
        Assert.Contains(metrics, m => m.Name == "voicesite.upstream.errors");
        foreach (var metric in metrics)
            foreach (var point in metric.MetricPoints)
                foreach (var tag in MetricPoints.Tags(point))
                    AssertNoSecret(tag.Value?.ToString(), $"the metric {metric.Name}");
    }
}
