using System.Net;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using VoiceSite.Data.Entities;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Conversations;

/// <summary>The site with realtime mode switched off (<c>USE_REALTIME_API=false</c>): pipeline only.</summary>
public sealed class RealtimeOffSiteFactory : KestrelVoiceSiteFactory
{
    public RealtimeOffSiteFactory() => Settings["USE_REALTIME_API"] = "false";
}

/// <summary>The mode toggle on the conversation page (<c>?handler=Mode</c>, an htmx partial) and unavailable modes.</summary>
public sealed class ModeToggleTests(VoiceSiteFactory factory, RealtimeOffSiteFactory realtimeOff)
    : IClassFixture<VoiceSiteFactory>, IClassFixture<RealtimeOffSiteFactory>
{
    private static Task<VoiceMode> ModeAsync(VoiceSiteFactory site, Guid id) =>
        site.WithDbAsync(db => db.Conversations.Where(c => c.Id == id).Select(c => c.Mode).SingleAsync());

    private static async Task<HttpResponseMessage> PostModeAsync(HttpClient client, Guid id, string? mode, string token)
    {
        var fields = new List<KeyValuePair<string, string>> { new(HtmlForms.TokenField, token) };
        if (mode is not null)
            fields.Add(new("mode", mode));
        return await client.PostFormAsync($"/Conversations/{id}?handler=Mode", fields, htmx: true);
    }

    [Fact]
    public async Task Choosing_a_mode_remembers_it_and_returns_the_toggle_alone()
    {
        var (user, client) = await factory.CreateSignedInUserAsync();
        var id = await factory.CreateConversationAsync(user.Email!);
        var page = await client.GetPageAsync($"/Conversations/{id}");
        Assert.Contains("data-mode=\"realtime\"", page);

        using var response = await PostModeAsync(client, id, "pipeline", HtmlForms.AntiforgeryToken(page));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("<fieldset class=\"mode-toggle\"", html.TrimStart());
        Assert.DoesNotContain("<html", html);
        Assert.Contains("data-mode=\"pipeline\"", html);
        Assert.Matches("<input type=\"radio\" name=\"mode\" value=\"pipeline\" checked=\"checked\"", html);
        Assert.DoesNotMatch("value=\"realtime\" checked", html);
        Assert.Equal(VoiceMode.Pipeline, await ModeAsync(factory, id));
        Assert.Contains("data-mode=\"pipeline\"", await client.GetPageAsync($"/Conversations/{id}"));
    }

    [Theory]
    [InlineData("karaoke")]
    [InlineData("")]
    [InlineData(null)]
    public async Task An_unknown_or_missing_mode_is_a_bad_request_and_changes_nothing(string? mode)
    {
        var (user, client) = await factory.CreateSignedInUserAsync();
        var id = await factory.CreateConversationAsync(user.Email!);
        var token = HtmlForms.AntiforgeryToken(await client.GetPageAsync($"/Conversations/{id}"));

        using var response = await PostModeAsync(client, id, mode, token);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(VoiceMode.Realtime, await ModeAsync(factory, id));
    }

    [Fact]
    public async Task Someone_elses_conversation_is_not_found_and_keeps_its_mode()
    {
        var (owner, _) = await factory.CreateSignedInUserAsync();
        var id = await factory.CreateConversationAsync(owner.Email!);
        var (_, intruder) = await factory.CreateSignedInUserAsync();
        var token = HtmlForms.AntiforgeryToken(await intruder.GetPageAsync("/Conversations"));

        using var response = await PostModeAsync(intruder, id, "pipeline", token);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(VoiceMode.Realtime, await ModeAsync(factory, id));
    }

    [Fact]
    public async Task Without_the_antiforgery_token_the_choice_is_refused()
    {
        var (user, client) = await factory.CreateSignedInUserAsync();
        var id = await factory.CreateConversationAsync(user.Email!);

        using var response = await client.PostFormAsync($"/Conversations/{id}?handler=Mode", [new("mode", "pipeline")], htmx: true);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(VoiceMode.Realtime, await ModeAsync(factory, id));
    }

    [Fact]
    public async Task A_switched_off_mode_is_shown_disabled_with_the_reason_and_cannot_be_chosen()
    {
        var (user, client) = await realtimeOff.CreateSignedInUserAsync();
        var id = await realtimeOff.CreateConversationAsync(user.Email!, c => c.Mode = VoiceMode.Pipeline);
        var page = await client.GetPageAsync($"/Conversations/{id}");
        Assert.Matches("value=\"realtime\"\\s+disabled=\"disabled\"", page);
        Assert.Matches("data-unavailable=\"realtime\">[^<]*USE_REALTIME_API=false", page);

        using var response = await PostModeAsync(client, id, "realtime", HtmlForms.AntiforgeryToken(page));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-mode=\"pipeline\"", await response.Content.ReadAsStringAsync());
        Assert.Equal(VoiceMode.Pipeline, await ModeAsync(realtimeOff, id));

        // The hub refuses it too, with the same reason, and the connection stays usable for the other mode.
        await using var voice = await VoiceHubClient.ConnectAsync(realtimeOff, user.Email!);
        var refused = await Assert.ThrowsAsync<HubException>(() => voice.StartSessionAsync(id, "realtime"));
        Assert.Contains("USE_REALTIME_API=false", refused.Message);
        Assert.Equal("pipeline", (await voice.StartSessionAsync(id, "pipeline")).Mode);
    }
}
