using System.ComponentModel.DataAnnotations;

namespace VoiceSite.Telemetry;

/// <summary>
/// Where telemetry goes (section <c>Telemetry</c>, plus the standard flat names the exporters document): Azure Monitor
/// when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, both
/// when both are, nowhere otherwise.
/// </summary>
public sealed class TelemetryOptions : IValidatableObject
{
    public const string Section = "Telemetry";

    /// <summary>The flat name Application Insights gives its connection string (also what the Azure Monitor distro reads).</summary>
    public const string AppInsightsConnectionStringName = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>The OpenTelemetry SDK's own name for the OTLP endpoint (read by the OTLP exporter as well).</summary>
    public const string OtlpEndpointName = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Application Insights connection string (<c>InstrumentationKey=...;IngestionEndpoint=...</c>); read from the flat name.</summary>
    public string? AppInsightsConnectionString { get; set; }

    /// <summary>OTLP collector endpoint, e.g. <c>http://localhost:4317</c>; read from the flat name.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>How often the upstream error counts of this replica are added to the database (the dashboard's error rate).</summary>
    public TimeSpan ErrorFlushInterval { get; set; } = TimeSpan.FromSeconds(30);

    public bool AzureMonitor => !string.IsNullOrWhiteSpace(AppInsightsConnectionString);

    public bool Otlp => !string.IsNullOrWhiteSpace(OtlpEndpoint);

    /// <summary>Reads the flat names (they win over <c>Telemetry:*</c>, as the exporters themselves read them).</summary>
    public void Load(IConfiguration configuration)
    {
        AppInsightsConnectionString = configuration[AppInsightsConnectionStringName] ?? AppInsightsConnectionString;
        OtlpEndpoint = configuration[OtlpEndpointName] ?? OtlpEndpoint;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AzureMonitor && !AppInsightsConnectionString!.Contains("InstrumentationKey=", StringComparison.OrdinalIgnoreCase))
            yield return new ValidationResult(
                $"{AppInsightsConnectionStringName} must be an Application Insights connection string (InstrumentationKey=...;IngestionEndpoint=...).",
                [nameof(AppInsightsConnectionString)]);
        if (Otlp && !(Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var otlp) && otlp.Scheme is "http" or "https"))
            yield return new ValidationResult($"{OtlpEndpointName} must be an absolute http:// or https:// address.", [nameof(OtlpEndpoint)]);
        if (ErrorFlushInterval < TimeSpan.FromMilliseconds(100) || ErrorFlushInterval > TimeSpan.FromHours(1))
            yield return new ValidationResult("Telemetry:ErrorFlushInterval must be between 100 ms and 1 hour.", [nameof(ErrorFlushInterval)]);
    }
}
