using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using VoiceSite.Data.Entities;

namespace VoiceSite.Data;

/// <summary>
/// The model, shared by both providers. Each provider has a derived context
/// (<see cref="SqliteAppDbContext"/>, <see cref="SqlServerAppDbContext"/>) that owns its migrations.
/// It also holds the data-protection key ring, so every process sharing the database shares the keys
/// (see <see cref="DataProtectionKeyRing"/>).
/// </summary>
public abstract class AppDbContext(DbContextOptions options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<Scenario> Scenarios => Set<Scenario>();
    public DbSet<ScenarioParameter> ScenarioParameters => Set<ScenarioParameter>();
    public DbSet<Conversation> Conversations => Set<Conversation>();
    public DbSet<Turn> Turns => Set<Turn>();
    public DbSet<VoiceUsage> VoiceUsage => Set<VoiceUsage>();
    public DbSet<VoiceAllowance> VoiceAllowances => Set<VoiceAllowance>();

    /// <summary>The data-protection key ring (XML elements, protected at rest where a certificate is configured).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Recording> Recordings => Set<Recording>();
    public DbSet<TurnToolCall> TurnToolCalls => Set<TurnToolCall>();
    public DbSet<ScenarioDifficulty> ScenarioDifficulties => Set<ScenarioDifficulty>();
    public DbSet<RubricCriterion> RubricCriteria => Set<RubricCriterion>();
    public DbSet<Evaluation> Evaluations => Set<Evaluation>();
    public DbSet<EvaluationCriterion> EvaluationCriteria => Set<EvaluationCriterion>();
    public DbSet<EvaluationEvidence> EvaluationEvidence => Set<EvaluationEvidence>();
    public DbSet<EvaluationNote> EvaluationNotes => Set<EvaluationNote>();
    public DbSet<BackgroundJob> BackgroundJobs => Set<BackgroundJob>();

    /// <summary>Upstream failures per hour, service and code (the admin dashboard's error rate).</summary>
    public DbSet<UpstreamErrorCount> UpstreamErrorCounts => Set<UpstreamErrorCount>();

    /// <summary>Live voice sessions on every replica, one row each (the per-user live-session limit across replicas).</summary>
    public DbSet<VoiceSessionLease> VoiceSessionLeases => Set<VoiceSessionLease>();

    /// <summary>Recent <c>StartSession</c> calls per user (the start rate across replicas), kept a minute.</summary>
    public DbSet<VoiceSessionStart> VoiceSessionStarts => Set<VoiceSessionStart>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Times are stored as UTC and read back as UTC.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options);

public sealed class SqlServerAppDbContext(DbContextOptions<SqlServerAppDbContext> options) : AppDbContext(options);
