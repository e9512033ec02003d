using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using VoiceSite.Tests.Infrastructure;
using VoiceSite.Tests.Replicas;
using static Microsoft.Playwright.Assertions;

namespace VoiceSite.Tests.Browser;

/// <summary>
/// Real Chromium talking to two replicas through a proxy: the replica holding the conversation gets SIGTERM, and the
/// page moves to the other one by itself and goes on talking with the conversation's history.
/// </summary>
[Collection(BrowserJourneysCollection.Name)]
public sealed class ReplicaFailoverBrowserTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task The_page_follows_the_conversation_to_the_other_replica_without_a_click()
    {
        await using var set = await ReplicaSet.StartAsync();
        var (http, _) = await set.SignInAsync();
        Guid conversation;
        using (http)
            conversation = await ReplicaSet.StartConversationAsync(http);

        var context = await Fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = set.Address.ToString(),
            Permissions = ["microphone"],
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, VoiceSiteFactory.AdminEmail, VoiceSiteFactory.AdminPassword);
        await page.GotoAsync($"/Conversations/{conversation}");
        await page.ClickAsync("[data-action=connect]");

        await WaitForAsync(() => AssistantTurnsAsync(set, conversation), n => n >= 1, "the first reply");
        var holder = set.HolderOf(conversation);
        var before = await AssistantTurnsAsync(set, conversation);
        holder.Terminate();

        try
        {
            await BrowserFixture.WaitForStatsAsync(page, "s => s.reconnects >= 1 && s.mode !== null && s.states.includes('reconnecting')", 60_000);
        }
        catch (TimeoutException)
        {
            var stats = await page.EvaluateAsync<System.Text.Json.JsonElement>("() => window.voiceTalk.stats()");
            var others = set.Replicas.Where(r => r != holder).SelectMany(r => r.Output.TakeLast(30));
            throw new Xunit.Sdk.XunitException($"The page did not move: {stats}\n--- {holder.Name} ---\n{string.Join('\n', holder.Output.TakeLast(40))}\n--- other ---\n{string.Join('\n', others)}");
        }
        Assert.True(set.Replicas.Single(r => r != holder).Logged($"session started for conversation {conversation}"), "the other replica took the session");
        // The fake microphone keeps talking: the next reply comes from the other replica, with the history replayed.
        await WaitForAsync(() => AssistantTurnsAsync(set, conversation), n => n > before, "a reply after the move", 60);
        Assert.Equal(0, await holder.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        await Expect(page.Locator("[data-role=error]")).ToBeHiddenAsync();
        Assert.DoesNotContain("error", await page.EvaluateAsync<string[]>("() => window.voiceTalk.stats().states"));
        await context.CloseAsync();
    }

    private static async Task<int> AssistantTurnsAsync(ReplicaSet set, Guid conversation)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(set.Folder, "shared.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM Turns WHERE ConversationId = $id AND Role = 'Assistant'";
        command.Parameters.AddWithValue("$id", conversation.ToString().ToUpperInvariant());
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task WaitForAsync(Func<Task<int>> read, Func<int, bool> done, string what, int seconds = 40)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!done(await read()))
        {
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"No {what} within {seconds} s.");
            await Task.Delay(250);
        }
    }
}
