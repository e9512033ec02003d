using System.ComponentModel.DataAnnotations;
using Azure.Monitor.OpenTelemetry.AspNetCore;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Instrumentation.AspNetCore;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using VoiceSite.Hosting;
using VoiceSite.Security;

namespace VoiceSite.Telemetry;

public static class TelemetrySetup
{
    public const string ServiceName = "voicesite";

    /// <summary>
    /// OpenTelemetry: traces (ASP.NET Core, HttpClient, EF Core, the site's turn spans), metrics (the same plus the .NET
    /// runtime and the site's own meter, <see cref="VoiceMetrics"/>) and logs, exported to Azure Monitor when
    /// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set and over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
    /// With neither, nothing leaves the process and no span is recorded (the meter still feeds <c>dotnet-counters</c>).
    /// </summary>
    /// <remarks>
    /// Secrets: log lines reach the OpenTelemetry logger through the site's redacting logger factory (it wraps every
    /// provider, this one included; scopes are not exported), and spans pass <see cref="RedactingActivityProcessor"/>
    /// before any exporter. Metric attributes come from fixed sets.
    /// </remarks>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section)
            .Configure<IConfiguration>((o, configuration) => o.Load(configuration))
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<UpstreamErrorStore>();
        builder.Services.AddHostedService(services => services.GetRequiredService<UpstreamErrorStore>());
        builder.Services.AddSingleton<VoiceMetrics>();

        // Which exporters exist is decided here, from the same settings (validated at start by the options above).
        var exporters = new TelemetryOptions();
        exporters.Load(builder.Configuration);
        // Checked here as well: the exporters are built as soon as the first logger is (before the host starts), and the
        // distro's own complaint about a bad connection string would not name the setting.
        var problems = exporters.Validate(new ValidationContext(exporters)).Select(r => r.ErrorMessage ?? "").ToList();
        if (problems.Count > 0)
            throw new OptionsValidationException(nameof(TelemetryOptions), typeof(TelemetryOptions), problems);

        builder.Services.Configure<AspNetCoreTraceInstrumentationOptions>(o =>
        {
            // SignalR's span per hub call would be a span per audio chunk; a turn has its own trace (TurnTrace).
            o.EnableAspNetCoreSignalRSupport = false;
            // The probes ask every few seconds per replica.
            o.Filter = context => !context.Request.Path.StartsWithSegments(HealthSetup.HealthPath);
        });

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceVersion: typeof(TelemetrySetup).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing =>
            {
                // First, so that no exporter (added after it, here or by a distro) sees a span before its secrets are blanked.
                tracing.AddProcessor(services => new RedactingActivityProcessor(services.GetRequiredService<SecretValues>()));
                tracing.AddSource(TurnTrace.SourceName).AddEntityFrameworkCoreInstrumentation();
                if (!exporters.AzureMonitor)
                    tracing.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation(); // the Azure Monitor distro adds both itself
                if (!exporters.AzureMonitor && !exporters.Otlp)
                    tracing.SetSampler(new AlwaysOffSampler()); // nowhere to send spans: do not record them
            })
            .WithMetrics(metrics => metrics
                .AddMeter(VoiceMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            .WithLogging(configureBuilder: null, configureOptions: o =>
            {
                o.IncludeFormattedMessage = true;
                o.IncludeScopes = false; // scope values bypass the redacting logger's message and state handling
            });
        if (exporters.AzureMonitor)
            otel.UseAzureMonitor(); // reads APPLICATIONINSIGHTS_CONNECTION_STRING itself
        if (exporters.Otlp)
            otel.UseOtlpExporter(); // reads OTEL_EXPORTER_OTLP_ENDPOINT (and the other OTEL_EXPORTER_OTLP_* settings) itself
        return builder;
    }
}
