using System.Net;
using Microsoft.EntityFrameworkCore;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Admin;

/// <summary>An ordinary user gets no admin page and no admin POST handler, and changes nothing by trying.</summary>
public sealed class AdminAuthorizationTests(VoiceSiteFactory factory) : IClassFixture<VoiceSiteFactory>
{
    private static void AssertDenied(HttpResponseMessage response)
    {
        if (response.StatusCode == HttpStatusCode.Forbidden)
            return;
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", response.RedirectTarget(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_pages_are_refused()
    {
        var id = await factory.CreateScenarioAsync();
        var (_, client) = await factory.CreateSignedInUserAsync();
        using (client)
        {
            foreach (var url in new[] { "/Admin/Scenarios", "/Admin/Scenarios/Edit", $"/Admin/Scenarios/Edit/{id}", $"/Admin/Scenarios/Delete/{id}" })
            {
                using var response = await client.GetAsync(url);
                AssertDenied(response);
            }
        }
    }

    [Fact]
    public async Task Admin_post_handlers_are_refused_and_change_nothing()
    {
        var id = await factory.CreateScenarioAsync(published: true, name: $"Guarded {Guid.NewGuid():N}"[..20]);
        var (_, client) = await factory.CreateSignedInUserAsync();
        using (client)
        {
            // A real token for this user, from a page the user may open.
            var token = HtmlForms.AntiforgeryToken(await client.GetPageAsync("/Scenarios"));
            List<KeyValuePair<string, string>> form =
            [
                new(HtmlForms.TokenField, token),
                new("Input.Name", "Taken over"),
                new("Input.InstructionsTemplate", "Hijacked"),
                new("Input.RealtimeVoice", "alloy"),
                new("Input.PipelineVoice", "en-US-AvaMultilingualNeural"),
            ];
            var handlers = new[]
            {
                "/Admin/Scenarios/Edit",
                $"/Admin/Scenarios/Edit/{id}",
                $"/Admin/Scenarios/Edit/{id}?handler=Preview",
                $"/Admin/Scenarios/Edit/{id}?handler=AddParameter",
                $"/Admin/Scenarios/Edit/{id}?handler=RemoveParameter&index=0",
                $"/Admin/Scenarios/Edit/{id}?handler=MoveParameter&index=0&offset=1",
                $"/Admin/Scenarios?handler=Publish&id={id}&published=false",
                $"/Admin/Scenarios/Delete/{id}",
            };
            foreach (var url in handlers)
            {
                using (var plain = await client.PostFormAsync(url, form))
                    AssertDenied(plain);
                using var htmx = await client.PostFormAsync(url, form, htmx: true);
                Assert.Equal(HttpStatusCode.Forbidden, htmx.StatusCode);
            }
        }

        var scenario = await factory.WithDbAsync(db => db.Scenarios.Include(s => s.Parameters).SingleOrDefaultAsync(s => s.Id == id));
        Assert.NotNull(scenario);
        Assert.True(scenario.IsPublished);
        Assert.StartsWith("Guarded", scenario.Name, StringComparison.Ordinal);
        Assert.Equal(2, scenario.Parameters.Count);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Scenarios.CountAsync(s => s.Name == "Taken over")));
    }

    [Fact]
    public async Task The_administrator_is_let_in()
    {
        using var client = await factory.CreateSignedInClientAsync(VoiceSiteFactory.AdminEmail, VoiceSiteFactory.AdminPassword);
        var html = await client.GetPageAsync("/Admin/Scenarios");
        Assert.Contains("New scenario", html, StringComparison.Ordinal);
    }
}
