using Microsoft.Extensions.DependencyInjection;
using VoiceSite.Hosting;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Limits;

/// <summary>
/// The site on a real socket as one replica: the given data folder's SQLite file (shared with other replicas), the
/// default live-session limit (2), 8 starts a minute, a check every 0.5 s and leases 2 s ahead (so a session that
/// lives a few seconds is only still counted because its replica renews it).
/// </summary>
public sealed class ReplicaSiteFactory : KestrelVoiceSiteFactory
{
    public ReplicaSiteFactory(string? dataDirectory = null)
        : base(dataDirectory)
    {
        Settings["VoiceLimits:StartsPerMinute"] = "8";
        Settings["VoiceLimits:CheckInterval"] = "00:00:00.500";
        Settings["VoiceLimits:LiveLeaseDuration"] = "00:00:02";
    }

    /// <summary>This replica's name on the rows it writes.</summary>
    public string ReplicaId => Services.GetRequiredService<ReplicaIdentity>().Id;
}

/// <summary>Two replicas of the site in this process on one database (no proxy: a test connects to each directly).</summary>
public sealed class TwoSitesOneDatabase : IAsyncLifetime
{
    public ReplicaSiteFactory A { get; private set; } = null!;
    public ReplicaSiteFactory B { get; private set; } = null!;

    public Task InitializeAsync()
    {
        // One after the other: the first creates and migrates the database, the second finds it ready.
        A = new ReplicaSiteFactory();
        _ = A.ServerAddress;
        B = new ReplicaSiteFactory(A.DataDirectory);
        _ = B.ServerAddress;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync(); // owns the data folder
    }
}
