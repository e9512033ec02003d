using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using VoiceSite.Voice.Pipeline;
using VoiceSite.Voice.Realtime;

namespace VoiceSite.Voice.Upstream;

public static class UpstreamSetup
{
    /// <summary>Binds and validates (at start) the upstream settings and registers the configured directory.</summary>
    public static IServiceCollection AddUpstreams(this IServiceCollection services)
    {
        services.AddOptions<RealtimeOptions>().BindConfiguration(RealtimeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ChatOptions>().BindConfiguration(ChatOptions.Section).ValidateOnStart();
        services.AddOptions<SpeechOptions>().BindConfiguration(SpeechOptions.Section).ValidateOnStart();
        services.AddOptions<UpstreamTimeouts>().BindConfiguration(UpstreamTimeouts.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<RealtimeOptions>, RealtimeOptionsValidator>();
        services.AddSingleton<IValidateOptions<ChatOptions>, ChatOptionsValidator>();
        services.AddSingleton<IValidateOptions<SpeechOptions>, SpeechOptionsValidator>();
        services.AddSingleton<ConfiguredUpstreams>();
        services.TryAddSingleton<IUpstreamDirectory>(sp => sp.GetRequiredService<ConfiguredUpstreams>());
        return services;
    }
}
