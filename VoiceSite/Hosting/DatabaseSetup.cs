using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VoiceSite.Data;

namespace VoiceSite.Hosting;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>Sqlite</c> (default, a file under App_Data) or <c>SqlServer</c>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations at start (default on).</summary>
    public bool MigrateOnStart { get; set; } = true;
}

public static class DatabaseSetup
{
    public static WebApplicationBuilder AddDatabase(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateOnStart();

        // The provider and connection string decide which services exist, so they are read and
        // checked here, at start, rather than at the first query.
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = builder.Configuration.GetConnectionString("Default");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (options.Provider != DatabaseProvider.Sqlite)
                throw new OptionsValidationException(nameof(DatabaseOptions), typeof(DatabaseOptions),
                    ["ConnectionStrings__Default is required when Database__Provider is SqlServer."]);
            var file = Path.Combine(builder.Environment.ContentRootPath, "App_Data", "voicesite.db");
            connectionString = $"Data Source={file}";
        }

        builder.Services.AddAppDbContext(options.Provider, connectionString);
        if (options.Provider == DatabaseProvider.Sqlite)
            KeepThreadsSpareForSqlite();
        builder.Services.AddSingleton(_ => ReplicaIdentity.ForThisProcess());
        builder.Services.AddScoped<SeedData>();
        return builder;
    }

    /// <summary>Threads the pool starts at once, before its slow injection, when SQLite is the database.</summary>
    public const int SqliteMinWorkerThreads = 16;

    /// <summary>
    /// Every SQLite call holds its thread until it is done (Microsoft.Data.Sqlite's async methods run synchronously, disk
    /// writes included), and the thread pool starts with one thread per core. On a one-core replica a single turn being
    /// stored held up the audio relay of every session: with 20 realtime sessions barging in once a second (and the
    /// SqliteWriteGate in place), echo RTT p99 44-195 ms and Interrupt p99 37-184 ms; with 16 threads ready, 10-14 and
    /// 11-15 ms (bench/results.md, "SQLite writers"). Raises the minimum only; a higher one set by the operator
    /// (DOTNET_ThreadPool_ForceMinWorkerThreads) stays.
    /// </summary>
    private static void KeepThreadsSpareForSqlite()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        if (workers < SqliteMinWorkerThreads)
            ThreadPool.SetMinThreads(SqliteMinWorkerThreads, completionPorts);
    }

    /// <summary>Migrates (when enabled) and seeds roles, the first administrator and the demo data.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var options = scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (options.MigrateOnStart)
        {
            await db.Database.MigrateAsync();
            if (options.Provider == DatabaseProvider.Sqlite)
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
        await scope.ServiceProvider.GetRequiredService<SeedData>().SeedAsync();
    }
}
