using VoiceSite.Simulator;
using VoiceSite.Voice.Upstream;

namespace VoiceSite.Hosting;

/// <summary>
/// Composition root for the built-in stand-in for Azure. This file (with Program.cs) is the only place the
/// site refers to VoiceSite.Simulator. The simulator runs outside Production by default, and in Production
/// only with <c>Simulator__Enabled=true</c>.
/// </summary>
public static class SimulatorComposition
{
    public static bool IsSimulatorEnabled(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue<bool?>($"{SimulatorOptions.Section}:Enabled") ?? !environment.IsProduction();

    public static WebApplicationBuilder AddSimulatorWhenEnabled(this WebApplicationBuilder builder)
    {
        if (IsSimulatorEnabled(builder.Configuration, builder.Environment))
        {
            builder.Services.AddVoiceSimulator();
            builder.Services.AddSingleton<IUpstreamDirectory, SimulatedUpstreams>();
            builder.Services.AddSingleton<IUpstreamFallback, SimulatorFallback>();
        }
        return builder;
    }

    public static WebApplication MapSimulatorWhenEnabled(this WebApplication app)
    {
        if (IsSimulatorEnabled(app.Configuration, app.Environment))
            app.MapVoiceSimulator();
        return app;
    }
}

internal sealed class SimulatorFallback : IUpstreamFallback;
