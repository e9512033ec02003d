using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VoiceSite.Conversations;
using VoiceSite.Data;
using VoiceSite.Data.Entities;
using VoiceSite.Voice.Tools;

namespace VoiceSite.Micro;

/// <summary>
/// Storing one finished turn (<see cref="ConversationStore.AddTurnAsync"/>: a transaction reading the next sequence
/// number, the insert, then the conversation's UpdatedAt), as a live session does for every turn and every barge-in,
/// with the contexts the site registers (pooled) against a new context each time. SQLite on tmpfs, so the figure is
/// the CPU of the work, not the disk's flush.
/// </summary>
public class TurnStoreBenchmarks
{
    private ServiceProvider _services = null!;
    private ConversationStore _store = null!;
    private Guid _conversation;
    private string _directory = "";

    [Params(true, false)]
    public bool SiteRegistration { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(), $"voicesite-turns-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_directory);
        var connectionString = $"Data Source={Path.Combine(_directory, "turns.db")}";
        var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        if (SiteRegistration)
            services.AddAppDbContext(DatabaseProvider.Sqlite, connectionString);
        else
        {
            services.AddSingleton(sp => new SqliteWriteGate(sp.GetRequiredService<ILogger<SqliteWriteGate>>(), SqliteWriteGate.DefaultMaxWait));
            services.AddDbContextFactory<SqliteAppDbContext>((sp, o) => o.UseSqlite(connectionString).AddInterceptors(sp.GetRequiredService<SqliteWriteGate>()));
            services.AddSingleton<IDbContextFactory<AppDbContext>, NewContextEachTime>();
        }
        _services = services.BuildServiceProvider();
        var contexts = _services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        using (var db = contexts.CreateDbContext())
        {
            db.Database.Migrate();
            db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
            var user = new AppUser { UserName = "bench@example.com", Email = "bench@example.com" };
            db.Users.Add(user);
            var conversation = new Conversation { OwnerId = user.Id, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
            db.Conversations.Add(conversation);
            db.SaveChanges();
            _conversation = conversation.Id;
        }
        _store = new ConversationStore(contexts, new VoiceToolRegistry([]), TimeProvider.System);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Description = "ConversationStore.AddTurnAsync (one turn)")]
    public Task AddTurn() => _store.AddTurnAsync(new Turn
    {
        ConversationId = _conversation,
        Role = TurnRole.Assistant,
        Mode = VoiceMode.Realtime,
        Text = "Tell me about a time you disagreed with your manager.",
        StartedAt = DateTime.UtcNow,
        DurationMs = 2400,
        Interrupted = true,
    });

    private sealed class NewContextEachTime(IDbContextFactory<SqliteAppDbContext> inner) : IDbContextFactory<AppDbContext>
    {
        public AppDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
