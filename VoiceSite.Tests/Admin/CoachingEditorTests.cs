using System.Net;
using Microsoft.EntityFrameworkCore;
using VoiceSite.Data.Entities;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Admin;

/// <summary>
/// The editor's coaching parts: rubric and difficulty rows through htmx, their validation (weights, pass mark, required
/// fields, lengths, placeholders), and a save that round-trips briefing, persona, opening line, settings, tools and rows.
/// </summary>
public sealed class CoachingEditorTests(VoiceSiteFactory factory) : IClassFixture<VoiceSiteFactory>
{
    private static List<KeyValuePair<string, string>> SetCriterion(List<KeyValuePair<string, string>> fields, int index,
        string name, string weight = "1", string good = "Good", string fair = "Fair", string poor = "Poor")
    {
        var prefix = $"Input.Rubric[{index}]";
        return fields.Set($"{prefix}.Name", name).Set($"{prefix}.Weight", weight)
            .Set($"{prefix}.Good", good).Set($"{prefix}.Fair", fair).Set($"{prefix}.Poor", poor);
    }

    private static int Rows(string html, string kind) => html.Split($"data-row=\"{kind}\"").Length - 1;

    private static string? Value(string html, string name) => HtmlForms.FieldValue("<form id=\"f\">" + html + "</form>", name, "f");

    [Fact]
    public async Task Rubric_rows_are_added_removed_and_moved_through_the_rubric_partial_with_their_share_of_the_score()
    {
        var id = await factory.CreateScenarioAsync();
        using var client = await AdminClient.SignInAsync(factory);
        var url = $"/Admin/Scenarios/Edit/{id}";
        var fields = SetCriterion(SetCriterion(await client.EditFormAsync(id), 0, "Listens", "3"), 1, "Asks", "1");

        using (var added = await client.PostFormAsync($"{url}?handler=AddCriterion", fields, htmx: true))
        {
            var html = await added.Content.ReadAsStringAsync();
            Assert.StartsWith("<div id=\"rubric\">", html.TrimStart(), StringComparison.Ordinal);
            Assert.Equal("scenario-changed", Assert.Single(added.Headers.GetValues("HX-Trigger")));
            Assert.Equal(3, Rows(html, "criterion"));
            Assert.Contains("(60% of the score)", html, StringComparison.Ordinal); // 3 of 3 + 1 + 1 (the new row weighs 1)
        }
        using (var moved = await client.PostFormAsync($"{url}?handler=MoveCriterion&index=1&offset=-1", fields, htmx: true))
        {
            var html = await moved.Content.ReadAsStringAsync();
            Assert.Equal("Asks", Value(html, "Input.Rubric[0].Name"));
            Assert.Equal("Listens", Value(html, "Input.Rubric[1].Name"));
            Assert.Equal("3", Value(html, "Input.Rubric[1].Weight"));
        }
        using (var removed = await client.PostFormAsync($"{url}?handler=RemoveCriterion&index=0", fields, htmx: true))
        {
            var html = await removed.Content.ReadAsStringAsync();
            Assert.Equal(1, Rows(html, "criterion"));
            Assert.Equal("Asks", Value(html, "Input.Rubric[0].Name"));
            Assert.Contains("(100% of the score)", html, StringComparison.Ordinal);
        }
        Assert.Empty(await factory.WithDbAsync(db => db.RubricCriteria.Where(c => c.ScenarioId == id).ToListAsync()));
    }

    [Fact]
    public async Task Difficulty_rows_keep_the_preselected_level_on_its_row_when_rows_move_or_go()
    {
        using var client = await AdminClient.SignInAsync(factory);
        var fields = (await client.EditFormAsync())
            .Set("Input.Difficulties[0].Name", "easy").Set("Input.Difficulties[1].Name", "hard").Set("Input.DefaultDifficulty", "1");

        using (var moved = await client.PostFormAsync("/Admin/Scenarios/Edit?handler=MoveDifficulty&index=1&offset=-1", fields, htmx: true))
        {
            var html = await moved.Content.ReadAsStringAsync();
            Assert.StartsWith("<div id=\"difficulties\">", html.TrimStart(), StringComparison.Ordinal);
            Assert.Equal("hard", Value(html, "Input.Difficulties[0].Name"));
            Assert.Equal("0", Value(html, "Input.DefaultDifficulty"));
        }
        using (var removedOther = await client.PostFormAsync("/Admin/Scenarios/Edit?handler=RemoveDifficulty&index=0", fields, htmx: true))
        {
            var html = await removedOther.Content.ReadAsStringAsync();
            Assert.Equal("hard", Value(html, "Input.Difficulties[0].Name"));
            Assert.Equal("0", Value(html, "Input.DefaultDifficulty")); // still on "hard", now the first row
        }
        using (var removed = await client.PostFormAsync("/Admin/Scenarios/Edit?handler=RemoveDifficulty&index=1", fields, htmx: true))
        {
            var html = await removed.Content.ReadAsStringAsync();
            Assert.Equal(1, Rows(html, "difficulty"));
            Assert.Null(Value(html, "Input.DefaultDifficulty")); // the preselected level went with its row
        }
        // The new-scenario editor points its row buttons at their handlers, never at the save.
        var page = await client.GetStringAsync("/Admin/Scenarios/Edit");
        Assert.Contains("hx-post=\"/Admin/Scenarios/Edit?handler=AddDifficulty\"", page, StringComparison.Ordinal);
        Assert.Contains("hx-post=\"/Admin/Scenarios/Edit?handler=AddCriterion\"", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Input.Rubric[0].Weight", "0", "Use a whole-number weight from 1 to 100.")]
    [InlineData("Input.Rubric[0].Weight", "-2", "Use a whole-number weight from 1 to 100.")]
    [InlineData("Input.Rubric[0].Weight", "101", "Use a whole-number weight from 1 to 100.")]
    [InlineData("Input.Rubric[0].Good", "", "Describe what good looks like.")]
    [InlineData("Input.Rubric[0].Name", "", "Name the criterion")]
    [InlineData("Input.Rubric[1].Name", "Listens", "Another criterion is already called \"Listens\".")]
    [InlineData("Input.PassMark", "101", "Use a pass mark from 0 to 100.")]
    [InlineData("Input.PassMark", "-1", "Use a pass mark from 0 to 100.")]
    [InlineData("Input.Difficulties[0].Name", "", "Give the level a name")]
    [InlineData("Input.OpeningLine", "Hi {{nobody}}", "The opening line uses {{nobody}}, which no parameter or scenario field fills in.")]
    [InlineData("Input.InstructionsTemplate", "You are {{persona_name}}.", "{{persona_name}} is used, so fill this in.")]
    [InlineData("Input.Objective", "", "Write the objective")]
    [InlineData("Input.MinSpeechMs", "5", "Use 40 to 2000 ms.")]
    public async Task An_invalid_coaching_field_is_reported_on_the_field_and_nothing_is_saved(string field, string value, string error)
    {
        var id = await factory.CreateScenarioAsync();
        using var client = await AdminClient.SignInAsync(factory);
        var fields = SetCriterion(SetCriterion(await client.EditFormAsync(id), 0, "Listens"), 1, "Asks")
            .Set("Input.Objective", "Agree a price.").Set("Input.EnabledTools", "end_roleplay")
            .Set("Input.Difficulties[0].Name", "easy").Set("Input.Difficulties[0].Instructions", "Be kind.")
            .Set(field, value);

        using var response = await client.PostFormAsync($"/Admin/Scenarios/Edit/{id}", fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("The scenario was not saved", html, StringComparison.Ordinal);
        Assert.Contains(error, html, StringComparison.Ordinal);
        Assert.Empty(await factory.WithDbAsync(db => db.RubricCriteria.Where(c => c.ScenarioId == id).ToListAsync()));
    }

    [Fact]
    public async Task A_saved_scenario_keeps_its_briefing_persona_opening_settings_tools_levels_and_rubric()
    {
        var id = await factory.CreateScenarioAsync();
        using var client = await AdminClient.SignInAsync(factory);
        var fields = SetCriterion(SetCriterion(await client.EditFormAsync(id), 0, "Listens", "3", "Reflects back", "Nods along", "Talks over"), 1, "Asks", "1")
            .Set("Input.Briefing", "You meet {{persona_name}} about {{topic}}.")
            .Set("Input.Objective", "Agree a price.")
            .Set("Input.PersonaName", "Alex").Set("Input.PersonaRole", "a buyer").Set("Input.PersonaManner", "brisk").Set("Input.PersonaConcerns", "cost")
            .Set("Input.OpeningLine", "Hello {{person}}, I'm {{persona_name}}.")
            .Set("Input.InstructionsTemplate", "You are {{persona_name}}, {{persona_role}}, talking with {{person}} about {{topic}} ({{difficulty}}).")
            .Set("Input.NoiseReduction", "FarField").Set("Input.Eagerness", "High").Set("Input.MinSpeechMs", "400")
            .Set("Input.EnabledTools", "end_roleplay").Set("Input.PassMark", "65")
            .Set("Input.Difficulties[0].Name", "easy").Set("Input.Difficulties[0].Instructions", "Agree quickly.")
            .Set("Input.Difficulties[1].Name", "hard").Set("Input.Difficulties[1].Instructions", "Haggle.")
            .Set("Input.DefaultDifficulty", "1");

        using var response = await client.PostFormAsync($"/Admin/Scenarios/Edit/{id}", fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var saved = await factory.WithDbAsync(db => db.Scenarios.AsNoTracking().Include(s => s.Difficulties).Include(s => s.Rubric).SingleAsync(s => s.Id == id));
        Assert.Equal("You meet {{persona_name}} about {{topic}}.", saved.Briefing);
        Assert.Equal(("Alex", "a buyer", "brisk", "cost"), (saved.Persona.Name, saved.Persona.Role, saved.Persona.Manner, saved.Persona.Concerns));
        Assert.Equal((NoiseReductionKind.FarField, SemanticEagerness.High, 400, 65), (saved.NoiseReduction, saved.Eagerness, saved.MinSpeechMs, saved.PassMark));
        Assert.Equal(["end_roleplay"], saved.EnabledTools);
        Assert.Equal(["easy", "hard"], saved.Difficulties.OrderBy(d => d.Position).Select(d => d.Name));
        Assert.True(saved.Difficulties.Single(d => d.Name == "hard").IsDefault);
        Assert.Equal([("Listens", 3), ("Asks", 1)], saved.Rubric.OrderBy(c => c.Position).Select(c => (c.Name, c.Weight)));
        Assert.Equal("Talks over", saved.Rubric.Single(c => c.Name == "Listens").Poor);

        // The editor shows them again, and the preview fills the persona and the preselected level, adding its instructions and the tool's.
        var page = await client.GetPageAsync($"/Admin/Scenarios/Edit/{id}");
        Assert.Equal("Alex", HtmlForms.FieldValue(page, "Input.PersonaName", AdminClient.FormId));
        Assert.Equal("1", HtmlForms.FieldValue(page, "Input.DefaultDifficulty", AdminClient.FormId));
        using var preview = await client.PostFormAsync($"/Admin/Scenarios/Edit/{id}?handler=Preview", HtmlForms.Fields(page, AdminClient.FormId), htmx: true);
        var text = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(await preview.Content.ReadAsStringAsync(), "<[^>]+>", ""));
        Assert.Contains("You are Alex, a buyer, talking with [Person] about sport (hard).", text, StringComparison.Ordinal);
        Assert.Contains("Difficulty: hard. Haggle.", text, StringComparison.Ordinal);
        Assert.Contains("The learner's objective: Agree a price.", text, StringComparison.Ordinal);

        // Rows removed in the editor go from the database too.
        var fewer = HtmlForms.Fields(page, AdminClient.FormId).RemoveAll("Input.Rubric[1]").RemoveAll("Input.Difficulties[0]");
        fewer = fewer.Select(f => f.Key.StartsWith("Input.Difficulties[1]", StringComparison.Ordinal) ? new KeyValuePair<string, string>(f.Key.Replace("[1]", "[0]", StringComparison.Ordinal), f.Value) : f).ToList()
            .Set("Input.DefaultDifficulty", "0");
        using (var again = await client.PostFormAsync($"/Admin/Scenarios/Edit/{id}", fewer))
            Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var after = await factory.WithDbAsync(db => db.Scenarios.AsNoTracking().Include(s => s.Difficulties).Include(s => s.Rubric).SingleAsync(s => s.Id == id));
        Assert.Equal(["hard"], after.Difficulties.Select(d => d.Name));
        Assert.Equal(["Listens"], after.Rubric.Select(c => c.Name));
    }
}
