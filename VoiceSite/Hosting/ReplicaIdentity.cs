namespace VoiceSite.Hosting;

/// <summary>
/// This process's name among the replicas sharing the database: the owner written on the job leases and the live-session
/// leases it holds. Machine name and process id for people reading the tables, and a random part so a restarted process
/// (same container, same pid) is never taken for its predecessor.
/// </summary>
public sealed class ReplicaIdentity(string id)
{
    public string Id { get; } = id;

    public static ReplicaIdentity ForThisProcess() =>
        new($"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}");

    public override string ToString() => Id;
}
