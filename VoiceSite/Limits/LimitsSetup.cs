namespace VoiceSite.Limits;

public static class LimitsSetup
{
    /// <summary>
    /// Per-user voice limits (section <c>VoiceLimits</c>); the daily use, the live-session places and the recent starts
    /// in the database (shared by every replica); and the periodic check of live sessions, which renews their places.
    /// </summary>
    public static WebApplicationBuilder AddVoiceLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<VoiceLimitsOptions>().BindConfiguration(VoiceLimitsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<VoiceUsageStore>();
        builder.Services.AddSingleton<LiveSessionLeases>();
        builder.Services.AddSingleton<VoiceStartLog>();
        builder.Services.AddSingleton<VoiceLimits>();
        builder.Services.AddHostedService<VoiceLimitEnforcer>();
        return builder;
    }
}
