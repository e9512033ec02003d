using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using VoiceSite.Voice.Upstream;

namespace VoiceSite.Voice.Pipeline;

public static class PipelineClientsSetup
{
    /// <summary>
    /// Registers the pipeline's upstream clients: <see cref="SpeechToTextClient"/>, <see cref="TextToSpeechClient"/> and
    /// <see cref="ChatStreamer"/> as typed HTTP clients (transient: resolve per use or per session), and the
    /// <see cref="INeuralVoiceList"/> singleton. Needs <c>AddUpstreams</c> (the <see cref="Upstream.IUpstreamDirectory"/>).
    /// </summary>
    public static IServiceCollection AddPipelineClients(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EntraCredential>();
        services.TryAddSingleton<INeuralVoiceList, NeuralVoiceList>();

        // A recognition stays open while the user speaks (up to 59 s) and then waits for its result: its own timeouts
        // (SpeechToTextClient.ResultTimeout and an overall cap) replace HttpClient's.
        services.AddHttpClient<SpeechToTextClient>(c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(Handler).RedactLoggedHeaders(_ => true);
        // The clients apply the Timeouts settings themselves: TTS to its headers and each read of the audio.
        services.AddHttpClient<TextToSpeechClient>(c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(Handler).RedactLoggedHeaders(_ => true);
        // The OpenAI client applies the handshake timeout itself (NetworkTimeout: headers, each read); ChatStreamer the first token's.
        services.AddHttpClient<ChatStreamer>(c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(Handler).RedactLoggedHeaders(_ => true);
        return services;
    }

    // Header values are never logged (.RedactLoggedHeaders above): they carry the keys.
    private static SocketsHttpHandler Handler(IServiceProvider services) => new()
    {
        ConnectTimeout = services.GetService<IOptions<UpstreamTimeouts>>()?.Value.Connect ?? new UpstreamTimeouts().Connect,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        Expect100ContinueTimeout = TimeSpan.FromSeconds(1),
        AutomaticDecompression = System.Net.DecompressionMethods.None,
    };
}
