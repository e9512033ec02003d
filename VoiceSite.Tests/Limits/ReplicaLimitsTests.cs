using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using VoiceSite.Data.Entities;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Limits;

/// <summary>
/// Issue 14: a user's live sessions and start rate are limited across replicas, seen from hub clients connected to
/// two sites on one database; the dashboard counts the live sessions of both.
/// </summary>
public sealed partial class ReplicaLimitsTests(TwoSitesOneDatabase sites) : IClassFixture<TwoSitesOneDatabase>
{
    private const string LimitMessage =
        "You already have 2 live voice sessions (the most one account may hold at once). End one (Disconnect, or close its tab) and try again.";

    private ReplicaSiteFactory A => sites.A;
    private ReplicaSiteFactory B => sites.B;

    private async Task<(string Id, string Email)> NewUserAsync()
    {
        var user = await A.CreateUserAsync($"replica-{Guid.NewGuid():N}@test.local");
        return (user.Id, user.Email!);
    }

    private Task<List<VoiceSessionLease>> LeasesAsync(string userId) =>
        A.WithDbAsync(db => db.VoiceSessionLeases.AsNoTracking().Where(l => l.UserId == userId).OrderBy(l => l.Slot).ToListAsync());

    private Task<int> StartRowsAsync(string userId) => A.WithDbAsync(db => db.VoiceSessionStarts.CountAsync(s => s.UserId == userId));

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, int seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await read();
            if (done(value))
                return value;
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"Not within {seconds} s: {what}; last seen {value}.");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_user_at_the_limit_on_one_replica_is_refused_on_the_other_and_ending_a_session_there_frees_a_place()
    {
        var (userId, email) = await NewUserAsync();
        var conversations = new[] { await A.CreateConversationAsync(email), await A.CreateConversationAsync(email), await A.CreateConversationAsync(email) };
        await using var first = await VoiceHubClient.ConnectAsync(A, email);
        await using var second = await VoiceHubClient.ConnectAsync(A, email);
        await using var onB = await VoiceHubClient.ConnectAsync(B, email);

        await first.StartSessionAsync(conversations[0], "pipeline");
        await second.StartSessionAsync(conversations[1], "pipeline");
        var refused = await Assert.ThrowsAsync<HubException>(() => onB.StartSessionAsync(conversations[2], "pipeline"));
        Assert.EndsWith($"HubException: {LimitMessage}", refused.Message, StringComparison.Ordinal);

        // Ending a session on A frees its place for B at once.
        await first.Connection.InvokeAsync("EndSession");
        await onB.StartSessionAsync(conversations[2], "pipeline");
        // The first session's place (slot 0) is B's now; the second's (slot 1) still A's.
        var leases = await LeasesAsync(userId);
        Assert.Equal([(0, B.ReplicaId), (1, A.ReplicaId)], leases.Select(l => (l.Slot, l.ReplicaId)));
        await Assert.ThrowsAsync<HubException>(() => first.StartSessionAsync(conversations[0], "pipeline"));

        // A browser that goes away (the connection drops) gives its place back too.
        await onB.DisposeAsync();
        await EventuallyAsync(() => LeasesAsync(userId), l => l.Count == 1, "the closed connection's place given back");
        await first.StartSessionAsync(conversations[0], "pipeline");
    }

    [Fact]
    public async Task The_dashboard_counts_the_live_sessions_of_both_replicas_by_mode_and_a_mode_switch_moves_one()
    {
        var (_, onAEmail) = await NewUserAsync();
        var (onBId, onBEmail) = await NewUserAsync();
        var (realtime, pipeline) = (await A.CreateConversationAsync(onAEmail), await A.CreateConversationAsync(onBEmail));
        using var admin = await B.CreateSignedInClientAsync(VoiceSiteFactory.AdminEmail, VoiceSiteFactory.AdminPassword);
        await EventuallyAsync(() => LiveAsync(admin), l => l.Total == 0, "no sessions live (earlier tests' ended)");

        await using var onA = await VoiceHubClient.ConnectAsync(A, onAEmail);
        await using var onB = await VoiceHubClient.ConnectAsync(B, onBEmail);
        await onA.StartSessionAsync(realtime, "realtime");
        await onB.StartSessionAsync(pipeline, "pipeline");
        Assert.Equal((2, 1, 1), await LiveAsync(admin));

        // Past two lease durations: still counted, because each replica renews its own.
        await Task.Delay(TimeSpan.FromSeconds(4.5));
        Assert.Equal((2, 1, 1), await LiveAsync(admin));
        var page = await admin.GetPageAsync("/Admin/Dashboard");
        Assert.Contains("<span class=\"stat-value\" id=\"live-total\">2</span><span class=\"stat-label\">live sessions now (all servers)</span>", page, StringComparison.Ordinal);

        // B's user switches to realtime mid-conversation: the same place, its mode updated.
        var before = Assert.Single(await LeasesAsync(onBId));
        await onB.StartSessionAsync(pipeline, "realtime");
        var after = Assert.Single(await LeasesAsync(onBId));
        Assert.Equal((before.Id, before.Slot, VoiceMode.Pipeline, VoiceMode.Realtime), (after.Id, after.Slot, before.Mode, after.Mode));
        Assert.Equal((2, 2, 0), await LiveAsync(admin));

        await onA.Connection.InvokeAsync("EndSession");
        await onB.Connection.InvokeAsync("EndSession");
        Assert.Equal((0, 0, 0), await LiveAsync(admin));
    }

    [Fact]
    public async Task A_flood_of_starts_is_refused_by_each_replicas_bucket_and_writes_no_more_starts_than_the_rate()
    {
        // Nonsense on A: refused before the database (the first 8 by their mode, the rest by the bucket), nothing written.
        var (userId, email) = await NewUserAsync();
        await using var onA = await VoiceHubClient.ConnectAsync(A, email);
        var nonsense = await RefusalsAsync(onA, 30, () => ("karaoke", Guid.NewGuid().ToString()));
        Assert.All(nonsense.Take(8), m => Assert.EndsWith("HubException: Unknown mode \"karaoke\". Use \"realtime\" or \"pipeline\".", m, StringComparison.Ordinal));
        Assert.All(nonsense.Skip(8), m => Assert.Matches(RateRefusal(), m));
        Assert.Equal(0, await StartRowsAsync(userId));

        // Well-formed starts (of a conversation that is not there) from another user on A: the bucket lets 8 through
        // (one more every 7.5 s, which the database then refuses), each written once; the other 92 write nothing.
        var (otherId, other) = await NewUserAsync();
        await using var fresh = await VoiceHubClient.ConnectAsync(A, other);
        var onFresh = await RefusalsAsync(fresh, 100, () => ("pipeline", Guid.NewGuid().ToString()));
        Assert.Equal(8, onFresh.Count(m => m.EndsWith(NotFound, StringComparison.Ordinal)));
        Assert.All(onFresh.Where(m => !m.EndsWith(NotFound, StringComparison.Ordinal)), m => Assert.Matches(RateRefusal(), m));
        Assert.Equal(8, await StartRowsAsync(otherId));

        // The same user on B, whose bucket is full: the database refuses the 8 it lets through, the bucket the rest.
        await using var otherOnB = await VoiceHubClient.ConnectAsync(B, other);
        var onOtherReplica = await RefusalsAsync(otherOnB, 100, () => ("pipeline", Guid.NewGuid().ToString()));
        Assert.All(onOtherReplica, m => Assert.Matches(RateRefusal(), m));
        Assert.Equal(8, await StartRowsAsync(otherId));
    }

    /// <summary>How the client sees the server's refusal of a conversation it cannot find.</summary>
    private const string NotFound = "HubException: Conversation not found.";

    /// <summary>Makes the calls; every one must be refused (a HubException), its messages in order.</summary>
    private static async Task<List<string>> RefusalsAsync(VoiceHubClient client, int calls, Func<(string Mode, string Conversation)> next)
    {
        var messages = new List<string>();
        for (var i = 0; i < calls; i++)
        {
            var (mode, conversation) = next();
            var refused = await Assert.ThrowsAsync<HubException>(() =>
                client.Connection.InvokeAsync<VoiceSite.Voice.SessionInfo>("StartSession", conversation, mode));
            messages.Add(refused.Message);
        }
        return messages;
    }

    [Fact]
    public async Task A_replica_stopping_gives_back_the_places_it_held()
    {
        var (userId, email) = await NewUserAsync();
        var conversation = await A.CreateConversationAsync(email);
        var third = new ReplicaSiteFactory(A.DataDirectory);
        VoiceHubClient? client = null;
        try
        {
            client = await VoiceHubClient.ConnectAsync(third, email);
            await client.StartSessionAsync(conversation, "pipeline");
            Assert.Equal(third.ReplicaId, Assert.Single(await LeasesAsync(userId)).ReplicaId);
        }
        finally
        {
            // Stopped with the browser still connected: the replica itself gives the place back as it stops.
            await third.DisposeAsync();
            if (client is not null)
                await client.DisposeAsync();
        }
        Assert.Empty(await LeasesAsync(userId));
    }

    [Fact]
    public async Task A_live_sessions_lapsed_place_is_taken_again_and_when_all_are_taken_elsewhere_the_session_ends_with_the_reason()
    {
        var (userId, email) = await NewUserAsync();
        var conversation = await A.CreateConversationAsync(email);
        await using var client = await VoiceHubClient.ConnectAsync(A, email);
        await client.StartSessionAsync(conversation, "pipeline");
        var held = Assert.Single(await LeasesAsync(userId));

        // As if A had not reached the database for longer than a lease: its row lapsed and was deleted. A's next
        // renewal writes it again (same id) and the session goes on.
        await A.WithDbAsync(db => db.VoiceSessionLeases.Where(l => l.Id == held.Id).ExecuteDeleteAsync());
        await EventuallyAsync(() => LeasesAsync(userId), l => l.Count == 1 && l[0].Id == held.Id, "the lapsed place written again");

        // Again, but this time another replica took both places at once (one transaction): the session ends, saying why.
        await A.WithDbAsync(async db =>
        {
            db.VoiceSessionLeases.Remove(await db.VoiceSessionLeases.SingleAsync(l => l.Id == held.Id));
            foreach (var slot in new[] { 0, 1 })
                db.VoiceSessionLeases.Add(new VoiceSessionLease
                {
                    Id = Guid.NewGuid(), UserId = userId, Slot = slot, ReplicaId = "elsewhere", ConnectionId = $"elsewhere-{slot}",
                    Mode = VoiceMode.Realtime, StartedAt = DateTime.UtcNow, ExpiresAt = DateTime.UtcNow.AddSeconds(30),
                });
            return await db.SaveChangesAsync();
        });
        var error = await client.WaitForAsync("Error", e => e.Text(0) == VoiceSite.Voice.VoiceErrorCodes.LiveSessionLimit);
        Assert.StartsWith("This session lost its place among your 2 live voice sessions", error.Text(1), StringComparison.Ordinal);
        Assert.Equal(error.Text(1), (await client.WaitForAsync("SessionEnded")).Text(0));
        Assert.Equal(["elsewhere", "elsewhere"], (await LeasesAsync(userId)).Select(l => l.ReplicaId));
        await A.WithDbAsync(db => db.VoiceSessionLeases.Where(l => l.UserId == userId).ExecuteDeleteAsync());
    }

    private static async Task<(int Total, int Realtime, int Pipeline)> LiveAsync(HttpClient admin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Admin/Dashboard?handler=Live");
        request.Headers.Add("HX-Request", "true");
        using var response = await admin.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        int Stat(string id) => int.Parse(Regex.Match(html, $"id=\"{id}\">(\\d+)<").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        return (Stat("live-total"), Stat("live-realtime"), Stat("live-pipeline"));
    }

    [GeneratedRegex(@"HubException: Too many voice sessions started: at most 8 a minute\. Try again in \d+ s\.$")]
    private static partial Regex RateRefusal();
}
