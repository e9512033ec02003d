using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VoiceSite.Data.Entities;

namespace VoiceSite.Tests.Infrastructure;

/// <summary>
/// The real application on a real SQLite file of its own (deleted on dispose), in the Testing environment,
/// with a configured administrator. Subclasses or callers add settings through <see cref="Settings"/>
/// before the first use.
/// </summary>
public class VoiceSiteFactory : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@test.local";
    public const string AdminPassword = "Admin-pass-1";

    private readonly bool _ownsData;

    public VoiceSiteFactory()
        : this(null)
    {
    }

    /// <summary>On a given data folder, kept on dispose (to start the site again on the same database); null: a new one, deleted on dispose.</summary>
    protected VoiceSiteFactory(string? dataDirectory)
    {
        _ownsData = dataDirectory is null;
        DataDirectory = dataDirectory ?? NewDataDirectory();
    }

    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "voicesite-tests", Guid.NewGuid().ToString("N"));

    public string DataDirectory { get; }

    /// <summary>Every log line the site writes, at every level, when <see cref="CaptureLogs"/> is set before the first use.</summary>
    public TestLogProvider Logs { get; } = new();

    public bool CaptureLogs { get; set; }

    /// <summary>Extra configuration (hierarchical keys or the flat legacy names), applied as host settings.</summary>
    public Dictionary<string, string?> Settings { get; } = new(StringComparer.OrdinalIgnoreCase);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(DataDirectory);
        builder.UseEnvironment("Testing");
        // Dozens of test hosts each watching appsettings would use up the machine's inotify instances (128 by default).
        builder.UseSetting("hostBuilder:reloadConfigOnChange", "false");
        builder.UseSetting("ConnectionStrings:Default", $"Data Source={Path.Combine(DataDirectory, "voicesite.db")}");
        builder.UseSetting("Recordings:LocalPath", Path.Combine(DataDirectory, "recordings"));
        builder.UseSetting("Admin:Email", AdminEmail);
        builder.UseSetting("Admin:Password", AdminPassword);
        builder.UseSetting("Simulator:Enabled", "true");
        // Every test signs in, registers and starts sessions from one loopback address: the per-client and per-user
        // limits are lifted here; the tests of those limits (Security/) set them back through Settings.
        builder.UseSetting("RateLimits:SignInPerMinute", "100000");
        builder.UseSetting("RateLimits:RegistrationsPerHour", "100000");
        builder.UseSetting("RateLimits:ConversationsPerMinute", "100000");
        builder.UseSetting("VoiceLimits:StartsPerMinute", "10000");
        if (CaptureLogs)
            builder.ConfigureLogging(logging =>
            {
                logging.AddProvider(Logs);
                logging.AddFilter<TestLogProvider>(null, LogLevel.Trace);
            });
        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value);
    }

    /// <summary>Creates an ordinary (non-admin) user directly through Identity.</summary>
    public async Task<AppUser> CreateUserAsync(string email, string password = "User-pass-1")
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        return user;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!_ownsData)
            return;
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>The same application on a real Kestrel socket (for WebSockets, the simulator and the browser).</summary>
public class KestrelVoiceSiteFactory : VoiceSiteFactory
{
    public KestrelVoiceSiteFactory() => UseKestrel(0);

    /// <summary>On a given data folder, kept on dispose (see <see cref="VoiceSiteFactory(string?)"/>).</summary>
    protected KestrelVoiceSiteFactory(string? dataDirectory)
        : base(dataDirectory) => UseKestrel(0);

    /// <summary>The live hub connections, which a test can cut from the server side.</summary>
    public HubConnections HubConnections { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.AddSingleton(HubConnections);
            services.Configure<Microsoft.AspNetCore.SignalR.HubOptions>(o => Microsoft.AspNetCore.SignalR.HubOptionsExtensions.AddFilter<HubConnections>(o));
        });
    }

    /// <summary>Base address of the running server, e.g. http://127.0.0.1:41234.</summary>
    public Uri ServerAddress
    {
        get
        {
            StartServer(); // sets ClientOptions.BaseAddress to the bound address
            return ClientOptions.BaseAddress;
        }
    }
}
