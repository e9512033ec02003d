using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Deployment;

/// <summary>
/// A configuration source that records every key the application looks up through it, and answers from the few
/// values it is given. Added above the default sources (and holding the test's own settings, so nothing above it
/// answers first), it sees every key the site reads directly (<c>GetConnectionString</c>, <c>configuration["x"]</c>,
/// the host's own settings) and the flat legacy names that <c>LegacySettingNames</c> reads through to. The options
/// binder only looks up the properties of a section that has values, so for options classes it records the section.
/// </summary>
public sealed class ConfigurationReadRecorder(IReadOnlyDictionary<string, string?> values) : IConfigurationSource
{
    private readonly ConcurrentDictionary<string, byte> _keys = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> Keys => _keys.Keys.ToList();

    public bool WasRead(string key) => _keys.ContainsKey(key);

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(this, values);

    private sealed class Provider(ConfigurationReadRecorder recorder, IReadOnlyDictionary<string, string?> values) : ConfigurationProvider
    {
        public override void Load() => Data = new Dictionary<string, string?>(values, StringComparer.OrdinalIgnoreCase);

        public override bool TryGet(string key, out string? value)
        {
            recorder._keys.TryAdd(key, 0);
            return base.TryGet(key, out value);
        }
    }
}

/// <summary>
/// The site on a SQLite file of its own with a <see cref="ConfigurationReadRecorder"/> holding its test settings, and
/// the service registrations Program.cs made (to see which options classes it binds).
/// </summary>
public sealed class RecordingSiteFactory : VoiceSiteFactory
{
    public RecordingSiteFactory() => Recorder = new ConfigurationReadRecorder(new Dictionary<string, string?>
    {
        ["ConnectionStrings:Default"] = $"Data Source={Path.Combine(DataDirectory, "voicesite.db")}",
        ["Simulator:Enabled"] = "true",
        ["Admin:Email"] = AdminEmail,
        ["Admin:Password"] = AdminPassword,
    });

    public ConfigurationReadRecorder Recorder { get; }

    public IServiceCollection? Registrations { get; private set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Not the base's settings: they would sit above the recorder and answer before it is asked.
        Directory.CreateDirectory(DataDirectory);
        builder.UseEnvironment("Testing");
        builder.ConfigureServices(services => Registrations = services);
        // Last of all sources once the app is built: asked first for every key read from then on.
        builder.ConfigureAppConfiguration((_, configuration) => configuration.Add(Recorder));
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        // App configuration arrives only at Build; as host configuration the recorder is also there while Program.cs
        // composes the host (the settings read then, e.g. the connection string).
        builder.ConfigureHostConfiguration(configuration => configuration.Add(Recorder));
        return base.CreateHost(builder);
    }
}
