namespace VoiceSite.Voice.Tools;

public static class VoiceToolsSetup
{
    /// <summary>The registry of server-side tools and the built-in ones (<c>end_roleplay</c>).</summary>
    public static WebApplicationBuilder AddVoiceTools(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<VoiceToolRegistry>();
        builder.Services.AddVoiceTool<EndRoleplayTool>();
        return builder;
    }

    public static IServiceCollection AddVoiceTool<TTool>(this IServiceCollection services) where TTool : class, IVoiceTool =>
        services.AddSingleton<IVoiceTool, TTool>();
}
