namespace VoiceSite.Dashboard;

public static class DashboardSetup
{
    /// <summary>The admin dashboard's figures (<c>/Admin/Dashboard</c>) and the model prices its cost estimate uses (section <c>Pricing</c>).</summary>
    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PricingOptions>().BindConfiguration(PricingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<DashboardStore>();
        return builder;
    }
}
