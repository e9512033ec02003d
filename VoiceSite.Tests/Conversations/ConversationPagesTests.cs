using System.Net;
using Microsoft.EntityFrameworkCore;
using VoiceSite.Data.Entities;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Conversations;

/// <summary>History list, conversation page, transcript partial and delete; all scoped to the owner.</summary>
public sealed class ConversationPagesTests(VoiceSiteFactory factory) : IClassFixture<VoiceSiteFactory>
{
    private static readonly DateTime Base = new(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc);

    private Task<bool> ExistsAsync(Guid id) => factory.WithDbAsync(db => db.Conversations.AnyAsync(c => c.Id == id));

    private static void AddTurns(Conversation c)
    {
        // Inserted out of order: the page orders by StartedAt, then Sequence.
        c.Turns.Add(new Turn { Sequence = 3, Role = TurnRole.Assistant, Text = "Third, cut off", Mode = VoiceMode.Pipeline, StartedAt = Base.AddSeconds(20), Interrupted = true, ResponseLatencyMs = 640, SttLatencyMs = 210, ChatFirstTokenMs = 300, TtsFirstByteMs = 120, TotalTokens = 99 });
        c.Turns.Add(new Turn { Sequence = 1, Role = TurnRole.User, Text = "First, from the user", Mode = VoiceMode.Realtime, StartedAt = Base, DurationMs = 2300 });
        c.Turns.Add(new Turn { Sequence = 2, Role = TurnRole.Assistant, Text = "Second <b>not bold</b>", Mode = VoiceMode.Realtime, StartedAt = Base, ResponseLatencyMs = 480 });
    }

    [Fact]
    public async Task The_list_shows_only_the_users_own_conversations_newest_first()
    {
        var (me, client) = await factory.CreateSignedInUserAsync();
        var (other, otherClient) = await factory.CreateSignedInUserAsync();
        otherClient.Dispose();
        await factory.CreateConversationAsync(me.Email!, c => { c.Title = "Older talk"; c.UpdatedAt = Base; });
        await factory.CreateConversationAsync(me.Email!, c => { c.Title = "Newer talk"; c.UpdatedAt = Base.AddDays(1); AddTurns(c); });
        await factory.CreateConversationAsync(other.Email!, c => c.Title = "Someone else's talk");
        using (client)
        {
            var html = await client.GetPageAsync("/Conversations");
            var newer = html.IndexOf("Newer talk", StringComparison.Ordinal);
            var older = html.IndexOf("Older talk", StringComparison.Ordinal);
            Assert.True(newer >= 0 && older > newer, "Both own conversations are listed, newest first.");
            Assert.DoesNotContain("Someone else", html, StringComparison.Ordinal);
            Assert.Contains("3 turns", html, StringComparison.Ordinal);
            Assert.Contains("0 turns", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_new_user_sees_the_empty_state()
    {
        var (_, client) = await factory.CreateSignedInUserAsync();
        using (client)
        {
            var html = await client.GetPageAsync("/Conversations");
            Assert.Contains("No conversations yet - pick a scenario", html, StringComparison.Ordinal);
            Assert.Contains("href=\"/Scenarios\"", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_conversation_page_shows_details_and_the_ordered_transcript()
    {
        var (me, client) = await factory.CreateSignedInUserAsync();
        var id = await factory.CreateConversationAsync(me.Email!, c => { c.Title = "Detailed talk"; AddTurns(c); });
        using (client)
        {
            var html = await client.GetPageAsync($"/Conversations/{id}");
            Assert.Contains("<h1>Detailed talk</h1>", html, StringComparison.Ordinal);
            Assert.Contains("Role you are applying for", html, StringComparison.Ordinal);
            Assert.Contains("software engineer", html, StringComparison.Ordinal);
            Assert.Contains("id=\"transcript\"", html, StringComparison.Ordinal);
            AssertTranscript(html);
        }
    }

    [Fact]
    public async Task The_transcript_handler_returns_the_partial_alone()
    {
        var (me, client) = await factory.CreateSignedInUserAsync();
        var id = await factory.CreateConversationAsync(me.Email!, AddTurns);
        var empty = await factory.CreateConversationAsync(me.Email!);
        using (client)
        {
            using var response = await client.GetAsync($"/Conversations/{id}?handler=Transcript");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("<html", html, StringComparison.Ordinal);
            Assert.DoesNotContain("id=\"transcript\"", html, StringComparison.Ordinal);
            AssertTranscript(html);

            var none = await client.GetPageAsync($"/Conversations/{empty}?handler=Transcript");
            Assert.Contains("No turns yet", none, StringComparison.Ordinal);
        }
    }

    private static void AssertTranscript(string html)
    {
        var first = html.IndexOf("First, from the user", StringComparison.Ordinal);
        var second = html.IndexOf("Second &lt;b&gt;not bold&lt;/b&gt;", StringComparison.Ordinal);
        var third = html.IndexOf("Third, cut off", StringComparison.Ordinal);
        Assert.True(first >= 0 && second > first && third > second, "Turns are in StartedAt, then Sequence order, and HTML-encoded.");
        Assert.Contains("class=\"turn user\"", html, StringComparison.Ordinal);
        Assert.Contains("class=\"turn assistant interrupted\"", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"tag\">interrupted</span>", html, StringComparison.Ordinal);
        Assert.Contains("reply after 640 ms", html, StringComparison.Ordinal);
        Assert.Contains("STT 210 ms", html, StringComparison.Ordinal);
        Assert.Contains("2.3 s", html, StringComparison.Ordinal);
        Assert.Contains("data-mode=\"pipeline\">Classic<", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_elses_conversation_is_not_found_on_every_handler_and_survives()
    {
        var (owner, ownerClient) = await factory.CreateSignedInUserAsync();
        ownerClient.Dispose();
        var id = await factory.CreateConversationAsync(owner.Email!, AddTurns);
        var (_, intruder) = await factory.CreateSignedInUserAsync();
        using (intruder)
        {
            using (var detail = await intruder.GetAsync($"/Conversations/{id}"))
                Assert.Equal(HttpStatusCode.NotFound, detail.StatusCode);
            using (var transcript = await intruder.GetAsync($"/Conversations/{id}?handler=Transcript"))
                Assert.Equal(HttpStatusCode.NotFound, transcript.StatusCode);

            var token = HtmlForms.AntiforgeryToken(await intruder.GetPageAsync("/Conversations"));
            using (var delete = await intruder.PostFormAsync($"/Conversations/{id}?handler=Delete", [new(HtmlForms.TokenField, token)]))
                Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
            using (var htmxDelete = await intruder.PostFormAsync($"/Conversations/{id}?handler=Delete", [new(HtmlForms.TokenField, token)], htmx: true))
                Assert.Equal(HttpStatusCode.NotFound, htmxDelete.StatusCode);

            // Missing and foreign look the same.
            using var missing = await intruder.GetAsync($"/Conversations/{Guid.NewGuid()}");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }
        Assert.True(await ExistsAsync(id));
        Assert.Equal(3, await factory.WithDbAsync(db => db.Turns.CountAsync(t => t.ConversationId == id)));
    }

    [Fact]
    public async Task The_owner_deletes_a_conversation_after_confirming()
    {
        var (me, client) = await factory.CreateSignedInUserAsync();
        var id = await factory.CreateConversationAsync(me.Email!, c => { c.Title = "Doomed talk"; AddTurns(c); });
        var kept = await factory.CreateConversationAsync(me.Email!, c => c.Title = "Kept talk");
        using (client)
        {
            var page = await client.GetPageAsync($"/Conversations/{id}");
            Assert.Contains("Delete this conversation and its transcript?", page, StringComparison.Ordinal);
            var html = page.Replace("<form method=\"post\" action=\"/Conversations/", "<form id=\"delete\" method=\"post\" action=\"/Conversations/", StringComparison.Ordinal);
            var fields = HtmlForms.Fields(html, "delete");

            using var response = await client.PostFormAsync($"/Conversations/{id}?handler=Delete", fields);

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/Conversations", response.RedirectTarget());
            var list = await client.GetPageAsync("/Conversations");
            Assert.Contains("Conversation deleted.", list, StringComparison.Ordinal);
            Assert.DoesNotContain("Doomed talk", list, StringComparison.Ordinal);
            Assert.Contains("Kept talk", list, StringComparison.Ordinal);
        }
        Assert.False(await ExistsAsync(id));
        Assert.True(await ExistsAsync(kept));
        Assert.Equal(0, await factory.WithDbAsync(db => db.Turns.CountAsync(t => t.ConversationId == id)));
    }
}
