using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Replicas;

/// <summary>
/// Two site processes on one database, a user allowed one live session: while replica A holds it, replica B refuses a
/// second; A is killed (no drain, nothing given back), and its place lapses after the lease duration, when B takes it.
/// </summary>
[Collection(ReplicaCollection.Name)]
public sealed class ReplicaLeaseTests
{
    private const string LimitMessage = "You already have 1 live voice session (the most one account may hold at once).";
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task A_killed_replicas_session_keeps_its_place_until_the_lease_lapses_then_the_other_replica_takes_it()
    {
        await using var set = await ReplicaSet.StartAsync(new Dictionary<string, string>
        {
            ["VoiceLimits__LiveSessionsPerUser"] = "1",
            ["VoiceLimits__StartsPerMinute"] = "200",
            ["VoiceLimits__CheckInterval"] = "00:00:00.500",
            ["VoiceLimits__LiveLeaseDuration"] = "00:00:04",
        });
        var (a, b) = (set.Replicas[0], set.Replicas[1]);
        var (http, _) = await set.SignInAsync();
        using var __ = http;
        var first = await ReplicaSet.StartConversationAsync(http);
        var second = await ReplicaSet.StartConversationAsync(http);

        await using var onA = await VoiceHubClient.ConnectAsync(a.Address, VoiceSiteFactory.AdminEmail, VoiceSiteFactory.AdminPassword);
        await using var onB = await VoiceHubClient.ConnectAsync(b.Address, VoiceSiteFactory.AdminEmail, VoiceSiteFactory.AdminPassword);
        await onA.StartSessionAsync(first, "pipeline");
        // Renewed all along: still held after more than a lease duration.
        await Task.Delay(Lease + TimeSpan.FromSeconds(1));
        Assert.Contains(LimitMessage, (await Assert.ThrowsAsync<HubException>(() => onB.StartSessionAsync(second, "pipeline"))).Message);

        a.Kill();
        var killed = Stopwatch.StartNew();
        Assert.Contains(LimitMessage, (await Assert.ThrowsAsync<HubException>(() => onB.StartSessionAsync(second, "pipeline"))).Message);
        while (true)
        {
            try
            {
                await onB.StartSessionAsync(second, "pipeline");
                break;
            }
            catch (HubException e) when (e.Message.Contains(LimitMessage, StringComparison.Ordinal) && killed.Elapsed < Lease * 3)
            {
                await Task.Delay(250);
            }
        }

        // Its last renewal was at most a check (0.5 s) before the kill: the place lapsed no sooner than 3.5 s after it.
        Assert.InRange(killed.Elapsed, Lease - TimeSpan.FromSeconds(0.5), Lease * 3);
        Assert.True(b.Logged($"session started for conversation {second}"));
    }
}
