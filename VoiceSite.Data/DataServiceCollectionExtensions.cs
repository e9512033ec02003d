using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace VoiceSite.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IDbContextFactory{AppDbContext}"/> (for sessions and background work) and a scoped
    /// <see cref="AppDbContext"/> (for pages and Identity), backed by the provider's own derived context. Contexts are
    /// pooled: a live session stores every turn through a short-lived context, and a new one each time made storing a
    /// turn a third slower with 75 % more garbage (bench/results.md, "Storing a turn").
    /// </summary>
    public static IServiceCollection AddAppDbContext(this IServiceCollection services, DatabaseProvider provider, string connectionString)
    {
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                EnsureSqliteDirectory(connectionString);
                // One writer at a time within this process, queued without blocking a thread (SqliteWriteGate says why).
                services.AddSingleton(sp => new SqliteWriteGate(sp.GetRequiredService<ILogger<SqliteWriteGate>>(), SqliteWriteGate.DefaultMaxWait));
                services.AddPooledDbContextFactory<SqliteAppDbContext>((sp, o) => o.UseSqlite(connectionString).AddInterceptors(sp.GetRequiredService<SqliteWriteGate>()));
                services.AddSingleton<IDbContextFactory<AppDbContext>, DerivedContextFactory<SqliteAppDbContext>>();
                break;
            case DatabaseProvider.SqlServer:
                services.AddPooledDbContextFactory<SqlServerAppDbContext>(o => o.UseSqlServer(connectionString, s => s.EnableRetryOnFailure()));
                services.AddSingleton<IDbContextFactory<AppDbContext>, DerivedContextFactory<SqlServerAppDbContext>>();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider.");
        }
        services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        return services;
    }

    private static void EnsureSqliteDirectory(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:")
            return;
        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
    }

    private sealed class DerivedContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<AppDbContext>
        where TContext : AppDbContext
    {
        public AppDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
