using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using VoiceSite.Data;

namespace VoiceSite.Tests.Data;

/// <summary>
/// SQLite writers of one process take turns without holding a thread while they wait (SqliteWriteGate). Without the
/// gate, a second writer's SaveChangesAsync blocks its caller inside Microsoft.Data.Sqlite's busy retry and fails when
/// the connection's 2 s timeout runs out; these tests would then fail on the first assertion.
/// </summary>
public sealed class SqliteWriteGateTests : IAsyncLifetime
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"voicesite-gate-{Guid.NewGuid():N}.db");
    private ServiceProvider _services = null!;

    private IDbContextFactory<AppDbContext> Contexts => _services.GetRequiredService<IDbContextFactory<AppDbContext>>();
    private SqliteWriteGate Gate => _services.GetRequiredService<SqliteWriteGate>();

    public async Task InitializeAsync()
    {
        _services = new ServiceCollection().AddLogging().AddAppDbContext(DatabaseProvider.Sqlite, $"Data Source={_file};Default Timeout=2")
            .BuildServiceProvider();
        await using var db = await Contexts.CreateDbContextAsync();
        await db.Database.MigrateAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(_file + suffix);
    }

    [Fact]
    public async Task A_second_writer_waits_for_the_first_transaction_without_blocking_its_caller()
    {
        await using var first = await Contexts.CreateDbContextAsync();
        await using var transaction = await first.Database.BeginTransactionAsync();
        first.DataProtectionKeys.Add(Key("first"));
        await first.SaveChangesAsync();

        await using var second = await Contexts.CreateDbContextAsync();
        second.DataProtectionKeys.Add(Key("second"));
        var waiting = second.SaveChangesAsync();
        Assert.False(waiting.IsCompleted, "The second writer ran (or failed) while the first transaction held the file.");
        Assert.Equal(1, Gate.Holders);

        await transaction.CommitAsync();
        Assert.Equal(1, await waiting.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal<string>(["first", "second"], await Names());
        Assert.Equal(0, Gate.Holders);
    }

    [Fact]
    public async Task A_transaction_disposed_without_commit_gives_the_turn_back()
    {
        await using (var first = await Contexts.CreateDbContextAsync())
        {
            await using var transaction = await first.Database.BeginTransactionAsync();
            first.DataProtectionKeys.Add(Key("rolled back"));
            await first.SaveChangesAsync();
        }
        await TheNextWriterStoresItsRowAlone("kept");
    }

    [Fact]
    public async Task A_failed_write_gives_the_turn_back()
    {
        await using (var db = await Contexts.CreateDbContextAsync())
            await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("INSERT INTO NoSuchTable (Id) VALUES (1)"));
        await TheNextWriterStoresItsRowAlone("after the failure");
    }

    [Fact]
    public async Task Many_writers_at_once_all_store_their_rows()
    {
        var writers = Enumerable.Range(0, 40).Select(async i =>
        {
            await using var db = await Contexts.CreateDbContextAsync();
            db.DataProtectionKeys.Add(Key($"k{i:00}"));
            await db.SaveChangesAsync();
            await db.DataProtectionKeys.Where(k => k.FriendlyName == $"k{i:00}").ExecuteUpdateAsync(s => s.SetProperty(k => k.Xml, "<updated/>"));
        });
        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(60));

        await using var check = await Contexts.CreateDbContextAsync();
        Assert.Equal(40, await check.DataProtectionKeys.CountAsync(k => k.Xml == "<updated/>"));
        Assert.Equal(0, Gate.Holders);
    }

    [Fact]
    public async Task A_turn_not_given_back_in_time_is_skipped_and_the_writer_meets_sqlites_own_lock()
    {
        var gate = new SqliteWriteGate(NullLogger<SqliteWriteGate>.Instance, TimeSpan.FromMilliseconds(300));
        var options = new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={_file};Default Timeout=1").AddInterceptors(gate).Options;
        await using var first = new SqliteAppDbContext(options);
        await using var transaction = await first.Database.BeginTransactionAsync();

        await using var second = new SqliteAppDbContext(options);
        second.DataProtectionKeys.Add(Key("too late"));
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync()).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("locked", error.InnerException?.Message ?? "", StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("INSERT INTO \"Turns\" (\"Id\") VALUES (@p0) RETURNING \"Seq\";", true)]
    [InlineData("  update \"VoiceSessionLeases\" SET \"RenewedAt\" = @p", true)]
    [InlineData("-- renewal\nDELETE FROM \"VoiceSessionStarts\" WHERE 1", true)]
    [InlineData("REPLACE INTO t VALUES (1)", true)]
    [InlineData("PRAGMA journal_mode=WAL;", true)]
    [InlineData("SELECT \"Id\" FROM \"Turns\"", false)]
    [InlineData("-- INSERT in a comment\nSELECT 1", false)]
    [InlineData("UPDATED_AT", false)]
    public void Tells_writes_from_reads(string text, bool write)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        using var command = connection.CreateCommand();
        command.CommandText = text;
        Assert.Equal(write, SqliteWriteGate.IsLoneWrite(command));
    }

    /// <summary>Nobody holds the turn, and the next writer stores its row: the only one there.</summary>
    private async Task TheNextWriterStoresItsRowAlone(string name)
    {
        Assert.Equal(0, Gate.Holders);
        await using var next = await Contexts.CreateDbContextAsync();
        next.DataProtectionKeys.Add(Key(name));
        await next.SaveChangesAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal<string>([name], await Names());
    }

    private static DataProtectionKey Key(string name) => new() { FriendlyName = name, Xml = "<key/>" };

    private async Task<string[]> Names()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        return await db.DataProtectionKeys.OrderBy(k => k.FriendlyName).Select(k => k.FriendlyName ?? "").ToArrayAsync();
    }
}
