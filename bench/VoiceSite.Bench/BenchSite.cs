using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VoiceSite.Data;
using VoiceSite.Data.Entities;
using VoiceSite.Scenarios;
using VoiceSite.Simulator;

namespace VoiceSite.Bench;

/// <summary>
/// The real site on a real Kestrel socket (loopback, random port) with its own SQLite file and the built-in simulator
/// standing in for every Azure service; the same set-up as the hub tests. Logging is kept to warnings so the console
/// does not cost time.
/// </summary>
internal sealed class BenchSite : WebApplicationFactory<Program>
{
    public const string Password = "Bench-pass-1";

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "voicesite-bench", Guid.NewGuid().ToString("N"));

    public BenchSite() => UseKestrel(0);

    /// <summary>Base address of the running server, e.g. http://127.0.0.1:41234.</summary>
    public Uri Address
    {
        get
        {
            StartServer();
            return ClientOptions.BaseAddress;
        }
    }

    /// <summary>The simulator's live options (read per request): latency, pacing, echo.</summary>
    public SimulatorOptions Simulator => Services.GetRequiredService<IOptionsMonitor<SimulatorOptions>>().CurrentValue;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_dataDirectory);
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Default", $"Data Source={Path.Combine(_dataDirectory, "voicesite.db")}");
        builder.UseSetting("Recordings:LocalPath", Path.Combine(_dataDirectory, "recordings"));
        builder.UseSetting("Simulator:Enabled", "true");
        // The benchmarks measure the site's own overhead: per-user cost limits out of the way.
        builder.UseSetting("VoiceLimits:StartsPerMinute", "10000");
        builder.UseSetting("VoiceLimits:DailyVoiceMinutes", "1440");
        builder.UseSetting("RateLimits:SignInPerMinute", "10000");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Warning");
    }

    /// <summary>Puts every simulated service back to no faults, no added latency and no pacing, with the realtime
    /// reply streamed at the simulator's default 4x real time.</summary>
    public void ResetSimulator()
    {
        var simulator = Simulator;
        simulator.Realtime = new RealtimeSimulatorOptions { LatencyMs = 0, Echo = false };
        simulator.Stt = new SpeechToTextSimulatorOptions();
        simulator.Tts = new TextToSpeechSimulatorOptions { PaceFactor = 0 };
        simulator.Chat = new ChatSimulatorOptions { WordDelayMs = 0 };
    }

    /// <summary>Creates an ordinary user through Identity; returns the email.</summary>
    public async Task<string> CreateUserAsync()
    {
        var email = $"bench-{Guid.NewGuid():N}@bench.local";
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var result = await users.CreateAsync(new AppUser { UserName = email, Email = email, EmailConfirmed = true }, Password);
        if (!result.Succeeded)
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        return email;
    }

    /// <summary>A new conversation from the demo scenario, written straight to the database.</summary>
    public async Task<Guid> CreateConversationAsync(string ownerEmail)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var owner = await users.FindByEmailAsync(ownerEmail) ?? throw new InvalidOperationException($"No user {ownerEmail}.");
        var scenario = await db.Scenarios.AsNoTracking().Include(s => s.Parameters).FirstAsync(s => s.Name == DemoScenario.Name);
        var values = scenario.Parameters.ToDictionary(p => p.Key, p => p.DefaultValue ?? "Bench");
        var now = DateTime.UtcNow;
        var conversation = new Conversation
        {
            OwnerId = owner.Id,
            ScenarioId = scenario.Id,
            ScenarioName = scenario.Name,
            Title = $"{scenario.Name} · bench",
            Instructions = InstructionsTemplate.Render(scenario.InstructionsTemplate, values),
            ParameterValues = values,
            RealtimeVoice = scenario.RealtimeVoice,
            PipelineVoice = scenario.PipelineVoice,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Conversations.Add(conversation);
        await db.SaveChangesAsync();
        return conversation.Id;
    }

    /// <summary>Switches recording of the demo scenario's conversations (new sessions) on or off.</summary>
    public async Task SetRecordingAsync(bool enabled)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Scenarios.Where(s => s.Name == DemoScenario.Name).ExecuteUpdateAsync(s => s.SetProperty(x => x.RecordingEnabled, enabled));
    }

    /// <summary>The stored turns of a conversation, in order.</summary>
    public async Task<List<Turn>> TurnsAsync(Guid conversationId)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Turns.AsNoTracking().Where(t => t.ConversationId == conversationId)
            .OrderBy(t => t.StartedAt).ThenBy(t => t.Sequence).ToListAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
