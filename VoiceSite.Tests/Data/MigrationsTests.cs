using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using VoiceSite.Data;
using VoiceSite.Data.Entities;

namespace VoiceSite.Tests.Data;

/// <summary>Both providers' migrations match the model; no database server is needed for SQL Server.</summary>
public sealed class MigrationsTests
{
    private static SqliteAppDbContext Sqlite(string connectionString) =>
        new(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite(connectionString).Options);

    private static SqlServerAppDbContext SqlServer() =>
        new(new DbContextOptionsBuilder<SqlServerAppDbContext>()
            .UseSqlServer("Server=localhost;Database=VoiceSiteNeverOpened;Trusted_Connection=True;TrustServerCertificate=True").Options);

    [Fact]
    public void Sqlite_has_no_pending_model_changes()
    {
        using var db = Sqlite("Data Source=:memory:");
        Assert.False(db.Database.HasPendingModelChanges(), "Add a SQLite migration: the model changed.");
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public void SqlServer_has_no_pending_model_changes()
    {
        using var db = SqlServer();
        Assert.False(db.Database.HasPendingModelChanges(), "Add a SQL Server migration: the model changed.");
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public void SqlServer_migration_script_generates()
    {
        using var db = SqlServer();
        var script = db.GetService<IMigrator>().GenerateScript();
        foreach (var table in new[] { "Scenarios", "ScenarioParameters", "Conversations", "Turns", "AspNetUsers", "AspNetRoles" })
            Assert.Contains($"CREATE TABLE [{table}]", script, StringComparison.Ordinal);
        Assert.Contains("[__EFMigrationsHistory]", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sqlite_migrations_apply_to_a_fresh_file()
    {
        var file = Path.Combine(Path.GetTempPath(), $"voicesite-migrate-{Guid.NewGuid():N}.db");
        try
        {
            await using (var db = Sqlite($"Data Source={file}"))
            {
                await db.Database.MigrateAsync();
                Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
                Assert.Empty(await db.Database.GetPendingMigrationsAsync());

                var tables = await db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'table'").ToListAsync();
                Assert.Superset(new HashSet<string> { "Scenarios", "ScenarioParameters", "Conversations", "Turns", "AspNetUsers" }, tables.ToHashSet());

                // The schema works: a scenario with a choice parameter round-trips.
                var scenario = new Scenario { Name = "Migrated", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
                scenario.Parameters.Add(new ScenarioParameter { Key = "k", Label = "K", Kind = ParameterKind.Choice, Choices = ["a", "b"] });
                db.Scenarios.Add(scenario);
                await db.SaveChangesAsync();
            }
            await using (var db = Sqlite($"Data Source={file}"))
            {
                var parameter = await db.ScenarioParameters.SingleAsync();
                Assert.Equal(["a", "b"], parameter.Choices);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Sqlite_upgrade_renumbers_duplicate_turn_sequences_before_making_them_unique()
    {
        var file = Path.Combine(Path.GetTempPath(), $"voicesite-renumber-{Guid.NewGuid():N}.db");
        try
        {
            var conversation = Guid.NewGuid();
            var start = new DateTime(2026, 11, 1, 12, 0, 0, DateTimeKind.Utc);
            await using (var db = Sqlite($"Data Source={file}"))
            {
                // The first schema allowed two live sessions to store 1, 1, 2, 2.
                await db.GetService<IMigrator>().MigrateAsync(db.Database.GetMigrations().First());
                // Rows written as that schema had them (today's model has columns the first schema lacks).
                var id = conversation.ToString().ToUpperInvariant(); // how EF Core stores a Guid in SQLite
                const string noValues = "{}";
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO AspNetUsers (Id, UserName, EmailConfirmed, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount)
                    VALUES ('owner', 'owner', 0, 0, 0, 0, 0)
                    """);
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO Conversations (Id, OwnerId, ScenarioName, Title, Instructions, ParameterValues, RealtimeVoice, PipelineVoice, Mode, CreatedAt, UpdatedAt)
                    VALUES ({id}, 'owner', 'Demo', 'Demo', '', {noValues}, 'marin', 'en-US-AvaMultilingualNeural', 'realtime', {start}, {start})
                    """);
                for (var i = 0; i < 4; i++)
                {
                    var turn = Guid.NewGuid().ToString().ToUpperInvariant();
                    var sequence = i / 2 + 1;
                    var text = $"t{i}";
                    var at = start.AddSeconds(i);
                    await db.Database.ExecuteSqlAsync($"""
                        INSERT INTO Turns (Id, ConversationId, Sequence, Role, Text, Mode, StartedAt, Interrupted)
                        VALUES ({turn}, {id}, {sequence}, 'User', {text}, 'realtime', {at}, 0)
                        """);
                }

                await db.Database.MigrateAsync();
            }
            await using (var db = Sqlite($"Data Source={file}"))
            {
                var turns = await db.Turns.OrderBy(t => t.StartedAt).Select(t => new { t.Text, t.Sequence }).ToListAsync();
                Assert.Equal(["t0", "t1", "t2", "t3"], turns.Select(t => t.Text));
                Assert.Equal([1, 2, 3, 4], turns.Select(t => t.Sequence));
                db.Turns.Add(new Turn { ConversationId = conversation, Sequence = 4, Text = "again", StartedAt = start });
                await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }
}
