using Microsoft.Extensions.Diagnostics.HealthChecks;
using VoiceSite.Data;

namespace VoiceSite.Hosting;

/// <summary>
/// Health endpoints, anonymous, for the platform's probes:
/// <list type="bullet">
/// <item><c>/healthz/live</c>: the process answers; no dependency is checked (a database outage must not get every replica restarted).</item>
/// <item><c>/healthz/ready</c>: the database is reachable and the process is not draining (<see cref="ReadinessGate"/>).</item>
/// <item><c>/healthz</c>: the database is reachable (as before the split; the container's HEALTHCHECK uses it).</item>
/// </list>
/// </summary>
public static class HealthSetup
{
    public const string LivePath = "/healthz/live";
    public const string ReadyPath = "/healthz/ready";
    public const string HealthPath = "/healthz";

    private const string DatabaseTag = "database";
    private const string ReadyTag = "ready";

    public static WebApplicationBuilder AddHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ReadinessGate>();
        builder.Services.AddHealthChecks()
            .AddDbContextCheck<AppDbContext>("database", tags: [DatabaseTag, ReadyTag])
            .AddCheck<DrainingHealthCheck>("draining", tags: [ReadyTag]);
        return builder;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks(LivePath, new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks(ReadyPath, new() { Predicate = c => c.Tags.Contains(ReadyTag) }).AllowAnonymous();
        app.MapHealthChecks(HealthPath, new() { Predicate = c => c.Tags.Contains(DatabaseTag) }).AllowAnonymous();
        return app;
    }

    private sealed class DrainingHealthCheck(ReadinessGate gate) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(gate.DrainReason is { } reason ? HealthCheckResult.Unhealthy($"Draining: {reason}") : HealthCheckResult.Healthy());
    }
}
