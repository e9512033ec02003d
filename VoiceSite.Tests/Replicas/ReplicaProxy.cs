using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace VoiceSite.Tests.Replicas;

/// <summary>
/// A load balancer in front of the replicas, as Azure Container Apps' ingress is: YARP, round robin, WebSockets
/// passed through, the browser's Host kept, and an active readiness probe (<c>/healthz/ready</c> every half
/// second), so a draining replica gets no new connections.
/// </summary>
public sealed class ReplicaProxy : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ReplicaProxy(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<ReplicaProxy> StartAsync(params SiteReplica[] replicas)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ReverseProxy:Routes:site:ClusterId"] = "replicas",
            ["ReverseProxy:Routes:site:Match:Path"] = "{**catch-all}",
            ["ReverseProxy:Routes:site:Transforms:0:RequestHeaderOriginalHost"] = "true",
            ["ReverseProxy:Clusters:replicas:LoadBalancingPolicy"] = "RoundRobin",
            ["ReverseProxy:Clusters:replicas:HealthCheck:Active:Enabled"] = "true",
            ["ReverseProxy:Clusters:replicas:HealthCheck:Active:Interval"] = "00:00:00.500",
            ["ReverseProxy:Clusters:replicas:HealthCheck:Active:Timeout"] = "00:00:02",
            ["ReverseProxy:Clusters:replicas:HealthCheck:Active:Policy"] = "ConsecutiveFailures",
            ["ReverseProxy:Clusters:replicas:HealthCheck:Active:Path"] = "/healthz/ready",
            ["ReverseProxy:Clusters:replicas:HealthCheck:Passive:Enabled"] = "true",
            ["ReverseProxy:Clusters:replicas:Metadata:ConsecutiveFailuresHealthPolicy.Threshold"] = "1",
        };
        foreach (var replica in replicas)
            settings[$"ReverseProxy:Clusters:replicas:Destinations:{replica.Name}:Address"] = replica.Address.ToString();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        var app = builder.Build();
        app.UseWebSockets();
        app.MapReverseProxy();
        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        return new ReplicaProxy(app, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
