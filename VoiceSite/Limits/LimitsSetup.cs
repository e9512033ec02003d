namespace VoiceSite.Limits;

public static class LimitsSetup
{
    /// <summary>Per-user voice limits (section <c>VoiceLimits</c>), the daily use in the database, and the periodic check of live sessions.</summary>
    public static WebApplicationBuilder AddVoiceLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<VoiceLimitsOptions>().BindConfiguration(VoiceLimitsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<VoiceUsageStore>();
        builder.Services.AddSingleton<VoiceLimits>();
        builder.Services.AddHostedService<VoiceLimitEnforcer>();
        return builder;
    }
}
