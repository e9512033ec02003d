using VoiceSite.Simulator;
using VoiceSite.Voice.Upstream;

namespace VoiceSite.Hosting;

/// <summary>
/// Composition root for the built-in stand-in for Azure. This file (with Program.cs) is the only place the
/// site refers to VoiceSite.Simulator. The simulator runs outside Production by default, and in Production
/// only with <c>Simulator__Enabled=true</c> and a key of its own (<c>Simulator__ApiKey</c>, checked at start): its
/// endpoints sit on the site's public host and answer only requests that carry that key.
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
            if (builder.Environment.IsProduction())
            {
                // Its endpoints are on the public host and each checks the key; the default key is in the source code.
                builder.Services.AddOptions<SimulatorOptions>()
                    .Validate(o => IsPrivateKey(o.ApiKey),
                        "Simulator__Enabled is true in Production: set Simulator__ApiKey to a long random value (16 characters or more, " +
                        "not the default \"" + DefaultKey + "\"), or switch the simulator off.")
                    .ValidateOnStart();
            }
            builder.Services.AddSingleton<IUpstreamDirectory, SimulatedUpstreams>();
            builder.Services.AddSingleton<IUpstreamFallback, SimulatorFallback>();
        }
        return builder;
    }

    private static readonly string DefaultKey = new SimulatorOptions().ApiKey;

    private static bool IsPrivateKey(string? key) =>
        !string.IsNullOrWhiteSpace(key) && key.Trim().Length >= 16 && !string.Equals(key.Trim(), DefaultKey, StringComparison.Ordinal);

    public static WebApplication MapSimulatorWhenEnabled(this WebApplication app)
    {
        if (IsSimulatorEnabled(app.Configuration, app.Environment))
            app.MapVoiceSimulator();
        return app;
    }
}

internal sealed class SimulatorFallback : IUpstreamFallback;
