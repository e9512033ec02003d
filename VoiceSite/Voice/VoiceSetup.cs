using Microsoft.AspNetCore.SignalR;
using VoiceSite.Audio;
using VoiceSite.Conversations;
using VoiceSite.Voice.Pipeline;
using VoiceSite.Voice.Realtime;
using VoiceSite.Voice.Samples;
using VoiceSite.Voice.Upstream;

namespace VoiceSite.Voice;

public static class VoiceSetup
{
    /// <summary>Largest hub message: a 500 ms audio chunk is 24,000 bytes; larger ones are answered with an Error, not a dropped connection.</summary>
    public const int MaxHubMessageBytes = 64 * 1024;

    public static WebApplicationBuilder AddVoice(this WebApplicationBuilder builder)
    {
        builder.Services.AddUpstreams();
        builder.Services.AddSingleton<EntraCredential>();
        builder.Services.AddPipelineClients();
        builder.Services.AddOptions<PipelineOptions>().BindConfiguration(PipelineOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ConversationStore>();
        builder.Services.AddSingleton<VoiceModeAvailability>();
        builder.Services.AddSingleton<VoiceSessions>();
        builder.Services.AddSingleton<VoiceDrain>();
        builder.Services.AddSingleton<RealtimeConnector>();
        builder.Services.AddSingleton<RealtimeVoiceSample>();
        builder.Services.AddMemoryCache();
        builder.Services.AddScoped<VoiceSamples>();
        builder.Services.AddSingleton<IVoiceSessionFactory, RealtimeSessionFactory>();
        builder.Services.AddSingleton<IVoiceSessionFactory, PipelineSessionFactory>();
        // Registered, so SignalR takes this one instance instead of making a filter for every hub call (every audio chunk).
        builder.Services.AddSingleton<HubErrorLogging>();
        builder.Services
            .AddSignalR(o =>
            {
                o.MaximumReceiveMessageSize = MaxHubMessageBytes;
                o.EnableDetailedErrors = false;
                o.AddFilter<HubErrorLogging>();
            })
            .AddMessagePackProtocol(o => PooledChunkFormatter.Use(o, AudioChunkPool.Shared));
        return builder;
    }

    public static IEndpointRouteBuilder MapVoice(this IEndpointRouteBuilder app)
    {
        app.MapHub<VoiceHub>(VoiceHub.Path);
        app.MapVoiceSamples();
        return app;
    }
}
