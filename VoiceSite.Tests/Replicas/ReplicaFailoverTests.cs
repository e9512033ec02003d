using System.Net;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Data.Sqlite;
using VoiceSite.Tests.Infrastructure;
using VoiceSite.Voice;

namespace VoiceSite.Tests.Replicas;

/// <summary>
/// Two site processes on one database behind a proxy. One replica gets SIGTERM mid-conversation (a revision roll):
/// the client is told it is moving, reconnects through the proxy, and goes on with its history on the other replica;
/// no turn is lost and the sign-in cookie works on both.
/// </summary>
[Collection(ReplicaCollection.Name)]
public sealed class ReplicaFailoverTests
{
    private static readonly byte[] Utterance = TestAudio.Concat(TestAudio.Tone(220, 800), TestAudio.Silence(900));

    [Fact]
    public async Task A_replica_stopped_mid_conversation_moves_the_conversation_to_the_other_with_nothing_lost()
    {
        await using var set = await ReplicaSet.StartAsync();
        var (http, cookies) = await set.SignInAsync();
        using var _ = http;
        var conversation = await ReplicaSet.StartConversationAsync(http);

        // The one sign-in cookie opens pages on each replica directly.
        foreach (var replica in set.Replicas)
        {
            using var direct = new HttpClient(new HttpClientHandler { CookieContainer = Rebase(cookies, set.Address, replica.Address), AllowAutoRedirect = false }) { BaseAddress = replica.Address };
            using var page = await direct.GetAsync($"/Conversations/{conversation}");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        var client = await VoiceHubClient.ConnectAsync(set.Address, cookies);
        await client.StartSessionAsync(conversation, "realtime");
        var opening = client.Events.Count;
        await client.TalkAsync(Utterance);
        var holder = set.HolderOf(conversation);
        var before = await TurnCountAsync(set, conversation);

        // Mid-conversation: the next reply is streaming when the replica is told to stop.
        var mark = client.Events.Count;
        await client.SpeakAsync(Utterance);
        await client.WaitForAsync("Audio", after: mark);
        holder.Terminate();

        var exit = await holder.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, $"replica {holder.Name} exit {exit}:\n{string.Join('\n', holder.Output.TakeLast(60))}");
        var moving = await client.WaitForAsync("Error", e => e.Text(0) == VoiceErrorCodes.ServerMoving, after: mark);
        Assert.Equal(VoiceSessions.MovingReason, moving.Text(1));
        Assert.True(holder.Logged("moving 1 live voice sessions"), "the replica drained its live session");

        // What a browser does: a new connection through the proxy with the same cookie, the same conversation.
        await client.DisposeAsync();
        var resumed = await ReconnectAsync(set.Address, cookies, conversation);
        await using var __ = resumed;
        var other = set.Replicas.Single(r => r != holder);
        Assert.True(other.Logged($"session started for conversation {conversation}"), "the other replica took the session");

        var reply = await resumed.TalkAsync(Utterance);
        // The model there was given the whole conversation: replies so far + this one.
        var turns = await TurnCountAsync(set, conversation);
        Assert.Matches(@"^Simulated reply \d+ ", reply);
        Assert.True(turns >= before + 3, $"{before} turns before, {turns} after: the cut reply and the user's turns are kept");
        Assert.DoesNotContain(resumed.Events, e => e.Name == "Error");
        Assert.True(opening >= 0);
    }

    private static async Task<VoiceHubClient> ReconnectAsync(Uri site, CookieContainer cookies, Guid conversation)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            VoiceHubClient? client = null;
            try
            {
                client = await VoiceHubClient.ConnectAsync(site, cookies);
                await client.StartSessionAsync(conversation, "realtime");
                return client;
            }
            catch (Exception e) when (e is HubException or HttpRequestException or InvalidOperationException or IOException && DateTime.UtcNow < deadline)
            {
                if (client is not null)
                    await client.DisposeAsync();
                await Task.Delay(300);
            }
        }
    }

    private static async Task<int> TurnCountAsync(ReplicaSet set, Guid conversation)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(set.Folder, "shared.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM Turns WHERE ConversationId = $id";
        command.Parameters.AddWithValue("$id", conversation.ToString().ToUpperInvariant());
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The cookies of one address, offered to another (a browser keeps them per host; the replicas share one).</summary>
    private static CookieContainer Rebase(CookieContainer cookies, Uri from, Uri to)
    {
        var copy = new CookieContainer();
        foreach (Cookie cookie in cookies.GetCookies(from))
            copy.Add(to, new Cookie(cookie.Name, cookie.Value));
        return copy;
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReplicaCollection
{
    public const string Name = "replicas";
}
