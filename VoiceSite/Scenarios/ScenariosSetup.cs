namespace VoiceSite.Scenarios;

public static class ScenariosSetup
{
    public static WebApplicationBuilder AddScenarios(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IVoiceCatalog, SiteVoiceCatalog>();
        builder.Services.AddScoped<ScenarioCatalog>();
        builder.Services.AddScoped<ScenarioAdmin>();
        return builder;
    }
}
