using VoiceSite.Voice.Upstream;

namespace VoiceSite.Voice;

public static class VoiceSetup
{
    public static WebApplicationBuilder AddVoice(this WebApplicationBuilder builder)
    {
        builder.Services.AddUpstreams();
        return builder;
    }
}
