using System.Net;
using Microsoft.EntityFrameworkCore;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Admin;

/// <summary>The admin list: publish toggle (htmx row swap) and delete with its confirmation step.</summary>
public sealed class ScenarioListTests(VoiceSiteFactory factory) : IClassFixture<VoiceSiteFactory>
{
    [Fact]
    public async Task Publishing_toggles_through_the_row_partial()
    {
        var id = await factory.CreateScenarioAsync(published: true);
        var before = (await factory.LoadAsync(id))!;
        using var client = await AdminClient.SignInAsync(factory);
        var list = await client.GetPageAsync("/Admin/Scenarios");
        Assert.Contains($"<tr id=\"scenario-{id}\">", list, StringComparison.Ordinal);
        Assert.Contains("2 parameters", list, StringComparison.Ordinal);
        var token = HtmlForms.AntiforgeryToken(list);

        using (var response = await client.PostFormAsync($"/Admin/Scenarios?handler=Publish&id={id}&published=false", [new(HtmlForms.TokenField, token)], htmx: true))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var row = (await response.Content.ReadAsStringAsync()).TrimStart();
            Assert.StartsWith($"<tr id=\"scenario-{id}\">", row, StringComparison.Ordinal);
            Assert.Contains("Draft", row, StringComparison.Ordinal);
            Assert.Contains(">Publish</button>", row, StringComparison.Ordinal);
            Assert.Contains("published=True", row, StringComparison.Ordinal);
        }
        var after = (await factory.LoadAsync(id))!;
        Assert.False(after.IsPublished);
        Assert.NotEqual(before.Version, after.Version);

        var (_, user) = await factory.CreateSignedInUserAsync();
        using (user)
        using (var hidden = await user.GetAsync($"/Scenarios/Start/{id}"))
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);

        using (var plain = await client.PostFormAsync($"/Admin/Scenarios?handler=Publish&id={id}&published=true", [new(HtmlForms.TokenField, token)]))
        {
            Assert.Equal(HttpStatusCode.Redirect, plain.StatusCode);
            Assert.Equal("/Admin/Scenarios", plain.RedirectTarget());
        }
        Assert.True((await factory.LoadAsync(id))!.IsPublished);
        Assert.Contains("is now published.", await client.GetPageAsync("/Admin/Scenarios"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_asks_first_then_removes_the_scenario_but_keeps_conversations()
    {
        var id = await factory.CreateScenarioAsync(name: $"Doomed {Guid.NewGuid():N}"[..20]);
        var (owner, ownerClient) = await factory.CreateSignedInUserAsync();
        ownerClient.Dispose();
        var conversationId = await factory.CreateConversationAsync(owner.Email!, c => { c.ScenarioId = id; c.ScenarioName = "Doomed"; });
        using var client = await AdminClient.SignInAsync(factory);

        var confirm = await client.GetPageAsync($"/Admin/Scenarios/Delete/{id}");
        Assert.Contains("1 conversation was started from it", confirm, StringComparison.Ordinal);
        Assert.NotNull(await factory.LoadAsync(id));

        using (var response = await client.PostFormAsync($"/Admin/Scenarios/Delete/{id}", HtmlForms.Fields(confirm)))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/Admin/Scenarios", response.RedirectTarget());
        }
        Assert.Null(await factory.LoadAsync(id));
        Assert.Equal(0, await factory.WithDbAsync(db => db.ScenarioParameters.CountAsync(p => p.ScenarioId == id)));
        var conversation = await factory.WithDbAsync(db => db.Conversations.AsNoTracking().SingleAsync(c => c.Id == conversationId));
        Assert.Null(conversation.ScenarioId);
        Assert.Equal("Doomed", conversation.ScenarioName);
        Assert.Contains("was deleted.", await client.GetPageAsync("/Admin/Scenarios"), StringComparison.Ordinal);

        using var again = await client.PostFormAsync($"/Admin/Scenarios/Delete/{id}", HtmlForms.Fields(confirm));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Missing_scenarios_are_not_found()
    {
        using var client = await AdminClient.SignInAsync(factory);
        var token = HtmlForms.AntiforgeryToken(await client.GetPageAsync("/Admin/Scenarios"));
        foreach (var url in new[] { "/Admin/Scenarios/Edit/98765", "/Admin/Scenarios/Delete/98765" })
        {
            using var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        using var publish = await client.PostFormAsync("/Admin/Scenarios?handler=Publish&id=98765&published=true", [new(HtmlForms.TokenField, token)], htmx: true);
        Assert.Equal(HttpStatusCode.NotFound, publish.StatusCode);
    }
}
