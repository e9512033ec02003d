using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using VoiceSite.Simulator;
using VoiceSite.Voice.Upstream;

namespace VoiceSite.Hosting;

/// <summary>
/// The configured services, with the built-in simulator (on this same host) standing in for each one that has
/// no settings. Part of the composition root: only registered when the simulator is enabled.
/// </summary>
internal sealed class SimulatedUpstreams(ConfiguredUpstreams configured, IServer server, IOptions<SimulatorOptions> simulator)
    : IUpstreamDirectory
{
    private readonly Lazy<Uri> _self = new(() => SelfAddress(server));

    public UpstreamService? Realtime => configured.Realtime ?? Simulated(SimulatorEndpoints.OpenAIPath);
    public UpstreamService? Chat => configured.Chat ?? Simulated(SimulatorEndpoints.OpenAIPath);
    public UpstreamService? SpeechToText => configured.SpeechToText ?? Simulated(SimulatorEndpoints.SpeechSttPath);
    public UpstreamService? TextToSpeech => configured.TextToSpeech ?? Simulated(SimulatorEndpoints.SpeechTtsPath);

    private UpstreamService Simulated(string path) =>
        new(new Uri(_self.Value, path.TrimStart('/') + "/"), simulator.Value.ApiKey, Simulated: true);

    /// <summary>Where this server listens, as a loopback URL (read once the server has started).</summary>
    private static Uri SelfAddress(IServer server)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        // An in-memory test server has no socket; its requests use http://localhost.
        var chosen = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            ?? addresses.FirstOrDefault()
            ?? "http://localhost/";
        var uri = new UriBuilder(chosen.Replace("://+", "://localhost").Replace("://*", "://localhost"));
        if (uri.Host is "0.0.0.0" or "[::]" or "::")
            uri.Host = "127.0.0.1";
        uri.Path = "/";
        return uri.Uri;
    }
}
