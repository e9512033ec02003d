using System.Net;
using Microsoft.EntityFrameworkCore;
using VoiceSite.Data.Entities;
using VoiceSite.Scenarios;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Scenarios;

/// <summary>The scenario list and start form: validation (htmx and plain), and the conversation created.</summary>
public sealed class StartConversationTests(VoiceSiteFactory factory) : IClassFixture<VoiceSiteFactory>
{
    private Task<int> DemoScenarioIdAsync() =>
        factory.WithDbAsync(db => db.Scenarios.Where(s => s.Name == DemoScenario.Name).Select(s => s.Id).SingleAsync());

    private Task<List<Conversation>> ConversationsOfAsync(AppUser user) =>
        factory.WithDbAsync(db => db.Conversations.AsNoTracking().Where(c => c.OwnerId == user.Id).ToListAsync());

    private static async Task<List<KeyValuePair<string, string>>> StartFormAsync(HttpClient client, int id) =>
        HtmlForms.Fields(await client.GetPageAsync($"/Scenarios/Start/{id}"), "start-form");

    [Fact]
    public async Task The_list_shows_published_scenarios_only()
    {
        var published = $"Visible {Guid.NewGuid():N}"[..20];
        var draft = $"Hidden {Guid.NewGuid():N}"[..20];
        await factory.CreateScenarioAsync(published: true, name: published);
        await factory.CreateScenarioAsync(published: false, name: draft);
        var (_, client) = await factory.CreateSignedInUserAsync();
        using (client)
        {
            var html = await client.GetPageAsync("/Scenarios");
            Assert.Contains(published, html, StringComparison.Ordinal);
            Assert.Contains(DemoScenario.Name, html, StringComparison.Ordinal);
            Assert.DoesNotContain(draft, html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_form_prefills_defaults_and_the_scenario_voices()
    {
        var id = await DemoScenarioIdAsync();
        var (_, client) = await factory.CreateSignedInUserAsync();
        using (client)
        {
            var fields = await StartFormAsync(client, id);
            var values = fields.ToDictionary(f => f.Key, f => f.Value);
            Assert.Equal("", values["Values[candidate_name]"]);
            Assert.Equal("software engineer", values["Values[role]"]);
            Assert.Equal("3", values["Values[years_experience]"]);
            Assert.Equal("medium", values["Values[difficulty]"]);
            Assert.Equal("marin", values["RealtimeVoice"]);
            Assert.Equal("en-US-AvaMultilingualNeural", values["PipelineVoice"]);
            Assert.False(string.IsNullOrEmpty(values[HtmlForms.TokenField]));
        }
    }

    [Theory]
    [InlineData("Values[candidate_name]", "", "Your name is required.")]
    [InlineData("Values[years_experience]", "three", "Enter a number")]
    [InlineData("Values[years_experience]", "2,5", "Enter a number")]
    [InlineData("Values[difficulty]", "impossible", "Choose one of: easy, medium, hard.")]
    [InlineData("RealtimeVoice", "robot", "Choose a voice for Natural mode from the list.")]
    [InlineData("PipelineVoice", "en-US-NobodyNeural", "Choose a voice for Classic mode from the list.")]
    public async Task Invalid_values_come_back_as_the_form_partial_with_the_error_and_nothing_is_saved(string field, string value, string error)
    {
        var id = await DemoScenarioIdAsync();
        var (user, client) = await factory.CreateSignedInUserAsync();
        using (client)
        {
            var fields = (await StartFormAsync(client, id)).Set("Values[candidate_name]", "Sam").Set(field, value);

            using var response = await client.PostFormAsync($"/Scenarios/Start/{id}", fields, htmx: true);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("HX-Redirect"));
            var html = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("<html", html, StringComparison.OrdinalIgnoreCase);
            Assert.StartsWith("<form id=\"start-form\"", html.TrimStart(), StringComparison.Ordinal);
            Assert.Contains(error, System.Net.WebUtility.HtmlDecode(html), StringComparison.Ordinal);
            // What the user typed is kept (a list can only show its own choices).
            if (field.StartsWith("Values[", StringComparison.Ordinal) && !field.Contains("difficulty", StringComparison.Ordinal))
                Assert.Equal(value, HtmlForms.FieldValue(html, field));
            Assert.Empty(await ConversationsOfAsync(user));
        }
    }

    [Fact]
    public async Task Without_htmx_an_invalid_post_returns_the_whole_page_with_errors()
    {
        var id = await DemoScenarioIdAsync();
        var (user, client) = await factory.CreateSignedInUserAsync();
        using (client)
        {
            var fields = await StartFormAsync(client, id);
            using var response = await client.PostFormAsync($"/Scenarios/Start/{id}", fields);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("<html", html, StringComparison.Ordinal);
            Assert.Contains("Your name is required.", html, StringComparison.Ordinal);
            Assert.Empty(await ConversationsOfAsync(user));
        }
    }

    [Fact]
    public async Task A_valid_htmx_post_creates_the_conversation_and_redirects_to_it()
    {
        var id = await DemoScenarioIdAsync();
        var (user, client) = await factory.CreateSignedInUserAsync();
        using (client)
        {
            var fields = (await StartFormAsync(client, id))
                .Set("Values[candidate_name]", "  Sam  ")
                .Set("Values[years_experience]", "2.5")
                .Set("Values[difficulty]", "hard")
                .Set("RealtimeVoice", "cedar")
                .Set("PipelineVoice", "en-GB-SoniaNeural");

            using var response = await client.PostFormAsync($"/Scenarios/Start/{id}", fields, htmx: true);

            Assert.True(response.IsSuccessStatusCode, $"Status {(int)response.StatusCode}");
            var conversation = Assert.Single(await ConversationsOfAsync(user));
            Assert.Equal($"/Conversations/{conversation.Id}", Assert.Single(response.Headers.GetValues("HX-Redirect")));
            Assert.Equal(id, conversation.ScenarioId);
            Assert.Equal(DemoScenario.Name, conversation.ScenarioName);
            Assert.Contains("Sam", conversation.Title, StringComparison.Ordinal);
            Assert.StartsWith(DemoScenario.Name, conversation.Title, StringComparison.Ordinal);
            Assert.Contains("The candidate is called Sam and has 2.5 years of experience.", conversation.Instructions, StringComparison.Ordinal);
            Assert.Contains("Interview difficulty: hard.", conversation.Instructions, StringComparison.Ordinal);
            Assert.DoesNotContain("{{", conversation.Instructions, StringComparison.Ordinal);
            Assert.Equal("Sam", conversation.ParameterValues["candidate_name"]);
            Assert.Equal("software engineer", conversation.ParameterValues["role"]);
            Assert.Equal("cedar", conversation.RealtimeVoice);
            Assert.Equal("en-GB-SoniaNeural", conversation.PipelineVoice);
            Assert.Equal(VoiceMode.Realtime, conversation.Mode);
            Assert.Equal(conversation.CreatedAt, conversation.UpdatedAt);
        }
    }

    [Fact]
    public async Task A_valid_plain_post_redirects_and_the_conversation_page_opens()
    {
        var id = await DemoScenarioIdAsync();
        var (user, client) = await factory.CreateSignedInUserAsync();
        using (client)
        {
            var fields = (await StartFormAsync(client, id)).Set("Values[candidate_name]", "Robin").Set("Values[years_experience]", "");

            using var response = await client.PostFormAsync($"/Scenarios/Start/{id}", fields);

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var conversation = Assert.Single(await ConversationsOfAsync(user));
            Assert.Equal($"/Conversations/{conversation.Id}", response.RedirectTarget());
            Assert.Equal("", conversation.ParameterValues["years_experience"]);
            var page = await client.GetPageAsync(response.RedirectTarget()!);
            Assert.Matches($"<h1>{DemoScenario.Name} [^<]+ Robin [^<]+</h1>", page);
        }
    }

    [Fact]
    public async Task Unknown_and_unpublished_scenarios_are_not_found()
    {
        var draft = await factory.CreateScenarioAsync(published: false);
        var (user, client) = await factory.CreateSignedInUserAsync();
        using (client)
        {
            var token = HtmlForms.AntiforgeryToken(await client.GetPageAsync("/Scenarios"));
            foreach (var id in new[] { draft, 987654 })
            {
                using var get = await client.GetAsync($"/Scenarios/Start/{id}");
                Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
                using var post = await client.PostFormAsync($"/Scenarios/Start/{id}",
                    [new(HtmlForms.TokenField, token), new("Values[person]", "Kim"), new("Values[topic]", "sport"), new("RealtimeVoice", "alloy"), new("PipelineVoice", "en-US-AvaMultilingualNeural")], htmx: true);
                Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
            }
            Assert.Empty(await ConversationsOfAsync(user));
        }
    }
}
