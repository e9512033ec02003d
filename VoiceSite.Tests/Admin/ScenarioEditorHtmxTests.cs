using System.Net;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Admin;

/// <summary>The editor's htmx handlers: live preview and parameter rows. None of them writes to the database.</summary>
public sealed class ScenarioEditorHtmxTests(VoiceSiteFactory factory) : IClassFixture<VoiceSiteFactory>
{
    [Fact]
    public async Task Preview_renders_sample_values_and_flags_unknown_and_unused()
    {
        var id = await factory.CreateScenarioAsync();
        using var client = await AdminClient.SignInAsync(factory);
        var fields = (await client.EditFormAsync(id)).Set("Input.InstructionsTemplate", "Hello {{person}}, meet {{ who }}.");

        using var response = await client.PostFormAsync($"/Admin/Scenarios/Edit/{id}?handler=Preview", fields, htmx: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<html", html, StringComparison.Ordinal);
        Assert.Contains("Hello <mark class=\"value\" title=\"Sample value\">[Person]</mark>, meet <mark class=\"unknown\" title=\"Names no parameter\">{{ who }}</mark>.", html, StringComparison.Ordinal);
        Assert.Contains("data-check=\"unknown\"", html, StringComparison.Ordinal);
        Assert.Contains("{{who}}", html, StringComparison.Ordinal);
        Assert.Contains("Parameters never used in the instructions: topic.", html, StringComparison.Ordinal);
        Assert.Equal("You talk with {{person}} about {{topic}}.", (await factory.LoadAsync(id))!.InstructionsTemplate);
    }

    [Fact]
    public async Task Preview_of_clean_instructions_has_no_warnings()
    {
        using var client = await AdminClient.SignInAsync(factory);
        var fields = (await client.EditFormAsync())
            .Set("Input.InstructionsTemplate", "Talk about {{topic}}.")
            .SetParameter(0, "topic", "Topic", VoiceSite.Data.Entities.ParameterKind.Choice, choices: "cats, dogs");

        using var response = await client.PostFormAsync("/Admin/Scenarios/Edit?handler=Preview", fields, htmx: true);

        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Talk about <mark class=\"value\" title=\"Sample value\">cats</mark>.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-check", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rows_are_added_removed_and_moved_through_the_parameters_partial()
    {
        var id = await factory.CreateScenarioAsync();
        using var client = await AdminClient.SignInAsync(factory);
        var fields = await client.EditFormAsync(id);
        var url = $"/Admin/Scenarios/Edit/{id}";

        using (var added = await client.PostFormAsync($"{url}?handler=AddParameter", fields, htmx: true))
        {
            var html = await added.Content.ReadAsStringAsync();
            Assert.StartsWith("<div id=\"parameters\">", html.TrimStart(), StringComparison.Ordinal);
            Assert.Equal("scenario-changed", Assert.Single(added.Headers.GetValues("HX-Trigger")));
            Assert.Equal(3, CountRows(html));
            Assert.Equal("", HtmlForms.Attributes(Tag(html, "Input.Parameters[2].Key")).GetValueOrDefault("value", ""));
        }

        using (var removed = await client.PostFormAsync($"{url}?handler=RemoveParameter&index=0", fields, htmx: true))
        {
            var html = await removed.Content.ReadAsStringAsync();
            Assert.Equal(1, CountRows(html));
            Assert.Equal("topic", HtmlForms.Attributes(Tag(html, "Input.Parameters[0].Key"))["value"]);
        }

        using (var moved = await client.PostFormAsync($"{url}?handler=MoveParameter&index=1&offset=-1", fields, htmx: true))
        {
            var html = await moved.Content.ReadAsStringAsync();
            Assert.Equal("topic", HtmlForms.Attributes(Tag(html, "Input.Parameters[0].Key"))["value"]);
            Assert.Equal("person", HtmlForms.Attributes(Tag(html, "Input.Parameters[1].Key"))["value"]);
        }

        // Without htmx the same handler returns the whole editor.
        using (var page = await client.PostFormAsync($"{url}?handler=AddParameter", fields))
        {
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("<html", html, StringComparison.Ordinal);
            Assert.Equal(3, CountRows(html));
        }

        Assert.Equal(["person", "topic"], (await factory.LoadAsync(id))!.Parameters.Select(p => p.Key));
    }

    [Fact]
    public async Task The_new_scenario_editor_points_every_htmx_request_at_its_handler_and_only_save_saves()
    {
        using var client = await AdminClient.SignInAsync(factory);
        var html = await client.GetStringAsync("/Admin/Scenarios/Edit");
        var name = $"Only once {Guid.NewGuid():N}"[..20];
        Assert.DoesNotContain("hx-post=\"\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("formaction=\"\"", html, StringComparison.Ordinal);
        Assert.Contains("hx-post=\"/Admin/Scenarios/Edit?handler=Preview\"", html, StringComparison.Ordinal);
        Assert.Contains("hx-post=\"/Admin/Scenarios/Edit?handler=AddParameter\"", html, StringComparison.Ordinal);

        // A valid form sent by script to the page itself (what an empty hx-post did) is refused and saves nothing.
        var fields = (await client.EditFormAsync()).Set("Input.Name", name).Set("Input.InstructionsTemplate", "Talk.");
        using var scripted = await client.PostFormAsync("/Admin/Scenarios/Edit", fields, htmx: true);
        Assert.Equal(HttpStatusCode.BadRequest, scripted.StatusCode);
        Assert.Equal(0, await factory.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Scenarios, s => s.Name == name)));
    }

    private static int CountRows(string html) => html.Split("<fieldset class=\"param-row\">").Length - 1;

    private static string Tag(string html, string name)
    {
        var at = html.IndexOf($"name=\"{name}\"", StringComparison.Ordinal);
        Assert.True(at >= 0, $"No field {name}.");
        var start = html.LastIndexOf('<', at);
        return html[start..(html.IndexOf('>', at) + 1)];
    }
}
