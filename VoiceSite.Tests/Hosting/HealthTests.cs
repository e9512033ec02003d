using System.Net;
using Microsoft.Extensions.DependencyInjection;
using VoiceSite.Hosting;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Hosting;

/// <summary>Liveness answers while the process runs; readiness also needs the database and fails while draining.</summary>
public sealed class HealthTests
{
    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task AssertAsync(HttpClient client, string path, HttpStatusCode status, string body)
    {
        var (actualStatus, actualBody) = await GetAsync(client, path);
        Assert.True(actualStatus == status && actualBody == body, $"{path} answered {(int)actualStatus} {actualBody}; expected {(int)status} {body}.");
    }

    [Fact]
    public async Task All_three_are_healthy_and_anonymous_on_a_running_site()
    {
        await using var site = new VoiceSiteFactory();
        using var client = site.CreateClient();
        await AssertAsync(client, HealthSetup.LivePath, HttpStatusCode.OK, "Healthy");
        await AssertAsync(client, HealthSetup.ReadyPath, HttpStatusCode.OK, "Healthy");
        await AssertAsync(client, HealthSetup.HealthPath, HttpStatusCode.OK, "Healthy");
    }

    [Fact]
    public async Task Draining_fails_readiness_only()
    {
        await using var site = new VoiceSiteFactory();
        using var client = site.CreateClient();
        var gate = site.Services.GetRequiredService<ReadinessGate>();
        Assert.False(gate.Draining);

        gate.StartDraining("test: replica going away");
        gate.StartDraining("a second reason is ignored");

        Assert.True(gate.Draining);
        Assert.Equal("test: replica going away", gate.DrainReason);
        await AssertAsync(client, HealthSetup.ReadyPath, HttpStatusCode.ServiceUnavailable, "Unhealthy");
        await AssertAsync(client, HealthSetup.LivePath, HttpStatusCode.OK, "Healthy");
        await AssertAsync(client, HealthSetup.HealthPath, HttpStatusCode.OK, "Healthy");
    }

    [Fact]
    public async Task A_database_that_is_gone_fails_readiness_and_the_old_endpoint_but_not_liveness()
    {
        await using var site = new VoiceSiteFactory();
        using var client = site.CreateClient();
        await AssertAsync(client, HealthSetup.ReadyPath, HttpStatusCode.OK, "Healthy");

        File.Delete(Path.Combine(site.DataDirectory, "voicesite.db"));

        await AssertAsync(client, HealthSetup.ReadyPath, HttpStatusCode.ServiceUnavailable, "Unhealthy");
        await AssertAsync(client, HealthSetup.HealthPath, HttpStatusCode.ServiceUnavailable, "Unhealthy");
        await AssertAsync(client, HealthSetup.LivePath, HttpStatusCode.OK, "Healthy");
    }
}
