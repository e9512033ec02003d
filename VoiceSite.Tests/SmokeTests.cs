using System.Net;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests;

public sealed class SmokeTests
{
    [Fact]
    public async Task Health_endpoint_reports_the_database_reachable()
    {
        await using var factory = new VoiceSiteFactory();
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task On_SQLite_the_thread_pool_keeps_threads_ready_for_its_blocking_calls()
    {
        await using var factory = new VoiceSiteFactory();
        using var client = factory.CreateClient();
        ThreadPool.GetMinThreads(out var workers, out _);
        Assert.True(workers >= VoiceSite.Hosting.DatabaseSetup.SqliteMinWorkerThreads, $"{workers} worker threads ready");
    }

    [Fact]
    public async Task Kestrel_factory_serves_on_a_real_socket()
    {
        await using var factory = new KestrelVoiceSiteFactory();
        var address = factory.ServerAddress;
        Assert.Equal("http", address.Scheme);
        using var http = new HttpClient { BaseAddress = address };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
    }
}
