using System.Net;
using Microsoft.EntityFrameworkCore;
using VoiceSite.Data.Entities;
using VoiceSite.Pages.Admin.Scenarios;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Admin;

/// <summary>The scenario editor: create, edit, validation and placeholder checks, concurrency.</summary>
public sealed class ScenarioEditorTests(VoiceSiteFactory factory) : IClassFixture<VoiceSiteFactory>
{
    private static string Decode(string html) => WebUtility.HtmlDecode(html);

    [Fact]
    public async Task Creating_a_scenario_round_trips_to_users()
    {
        var name = $"Hotel desk {Guid.NewGuid():N}"[..24];
        using var client = await AdminClient.SignInAsync(factory);
        var fields = (await client.EditFormAsync())
            .Set("Input.Name", name)
            .Set("Input.Description", "Check in at a hotel.")
            .Set("Input.InstructionsTemplate", "You are a receptionist. Greet {{guest}} in {{ lang }}.")
            .Set("Input.RealtimeVoice", "sage")
            .Set("Input.IsPublished", "true")
            .SetParameter(0, "guest", "Guest name", required: true)
            .SetParameter(1, "lang", "Language", ParameterKind.Choice, defaultValue: "French", choices: "English, French\nGerman", required: true);

        using var response = await client.PostFormAsync("/Admin/Scenarios/Edit", fields);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var target = response.RedirectTarget()!;
        Assert.Matches(@"^/Admin/Scenarios/Edit/\d+\?saved=True$", target);
        var id = int.Parse(target.Split('/', '?')[4], System.Globalization.CultureInfo.InvariantCulture);
        var saved = await client.GetPageAsync(target);
        Assert.Contains("Saved.", saved, StringComparison.Ordinal);

        var scenario = await factory.LoadAsync(id);
        Assert.NotNull(scenario);
        Assert.Equal(name, scenario.Name);
        Assert.Equal("sage", scenario.RealtimeVoice);
        Assert.True(scenario.IsPublished);
        Assert.NotEqual(Guid.Empty, scenario.Version);
        Assert.Equal(["guest", "lang"], scenario.Parameters.Select(p => p.Key));
        Assert.Equal(["English", "French", "German"], scenario.Parameters[1].Choices);
        Assert.Equal("French", scenario.Parameters[1].DefaultValue);
        Assert.True(scenario.Parameters[0].Required);

        var list = await client.GetPageAsync("/Admin/Scenarios");
        Assert.Contains(name, list, StringComparison.Ordinal);
        var (_, user) = await factory.CreateSignedInUserAsync();
        using (user)
            Assert.Contains(name, await user.GetPageAsync("/Scenarios"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editing_renames_reorders_and_replaces_parameters_in_place()
    {
        var id = await factory.CreateScenarioAsync();
        var before = (await factory.LoadAsync(id))!;
        var topicId = before.Parameters.Single(p => p.Key == "topic").Id;
        using var client = await AdminClient.SignInAsync(factory);
        var fields = (await client.EditFormAsync(id))
            .Set("Input.Name", "Renamed scenario")
            .Set("Input.InstructionsTemplate", "Feeling {{mood}}, talk with {{guest}} about {{topic}}.")
            .Set("Input.TurnDetection", "SemanticVad")
            .Set("Input.VadThreshold", "0.7")
            .Set("Input.SilenceDurationMs", "800")
            .SetParameter(0, "mood", "Mood", defaultValue: "calm")
            .SetParameter(1, "guest", "Guest", required: true)
            .SetParameter(2, "topic", "Topic", ParameterKind.Choice, defaultValue: "news", choices: "weather, sport, news", required: true);

        using var response = await client.PostFormAsync($"/Admin/Scenarios/Edit/{id}", fields);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = (await factory.LoadAsync(id))!;
        Assert.Equal("Renamed scenario", after.Name);
        Assert.Equal(TurnDetectionKind.SemanticVad, after.TurnDetection);
        Assert.Equal(0.7, after.VadThreshold, 3);
        Assert.Equal(800, after.SilenceDurationMs);
        Assert.NotEqual(before.Version, after.Version);
        Assert.Equal(["mood", "guest", "topic"], after.Parameters.Select(p => p.Key));
        Assert.Equal([0, 1, 2], after.Parameters.Select(p => p.Position));
        Assert.Equal(topicId, after.Parameters[2].Id);
        Assert.Equal(["weather", "sport", "news"], after.Parameters[2].Choices);
        Assert.DoesNotContain(after.Parameters, p => p.Key == "person");
    }

    [Fact]
    public async Task An_unknown_placeholder_is_refused_and_nothing_is_saved()
    {
        var id = await factory.CreateScenarioAsync();
        using var client = await AdminClient.SignInAsync(factory);
        var fields = (await client.EditFormAsync(id)).Set("Input.InstructionsTemplate", "{{person}} {{topic}} {{ mystery }}");

        using var response = await client.PostFormAsync($"/Admin/Scenarios/Edit/{id}", fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = Decode(await response.Content.ReadAsStringAsync());
        Assert.Contains("The instructions use {{mystery}}, which names no parameter.", html, StringComparison.Ordinal);
        Assert.Contains("The scenario was not saved", html, StringComparison.Ordinal);
        Assert.Equal("You talk with {{person}} about {{topic}}.", (await factory.LoadAsync(id))!.InstructionsTemplate);
    }

    [Fact]
    public async Task An_unused_parameter_is_saved_with_a_warning()
    {
        var id = await factory.CreateScenarioAsync();
        using var client = await AdminClient.SignInAsync(factory);
        var fields = (await client.EditFormAsync(id)).Set("Input.InstructionsTemplate", "Talk with {{person}}.");

        using var response = await client.PostFormAsync($"/Admin/Scenarios/Edit/{id}", fields);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var html = Decode(await client.GetPageAsync(response.RedirectTarget()!));
        Assert.Contains("Saved.", html, StringComparison.Ordinal);
        Assert.Contains("Parameter \"topic\" is never used in the instructions.", html, StringComparison.Ordinal);
        Assert.Equal("Talk with {{person}}.", (await factory.LoadAsync(id))!.InstructionsTemplate);
    }

    [Fact]
    public async Task Invalid_fields_are_reported_next_to_them_and_nothing_is_saved()
    {
        var id = await factory.CreateScenarioAsync();
        using var client = await AdminClient.SignInAsync(factory);
        var fields = (await client.EditFormAsync(id))
            .Set("Input.Name", "Should not be saved")
            .Set("Input.InstructionsTemplate", "{{person}} {{topic}} {{n}} {{c}} {{bad}}")
            .Set("Input.VadThreshold", "2")
            .Set("Input.SilenceDurationMs", "10")
            .Set("Input.RealtimeVoice", "robot")
            .SetParameter(0, "person", "Person")
            .SetParameter(1, "topic", "Topic again")
            .SetParameter(2, "Person", "Duplicate")
            .SetParameter(3, "n", "N", ParameterKind.Number, defaultValue: "lots")
            .SetParameter(4, "c", "C", ParameterKind.Choice, choices: " , ")
            .SetParameter(5, "bad-key", "Bad");

        using var response = await client.PostFormAsync($"/Admin/Scenarios/Edit/{id}", fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = Decode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Use a threshold between 0 and 1.", html, StringComparison.Ordinal);
        Assert.Contains("Use 100 to 5000 ms.", html, StringComparison.Ordinal);
        Assert.Contains("Choose a realtime voice from the list.", html, StringComparison.Ordinal);
        Assert.Contains("Another parameter already uses the key \"Person\".", html, StringComparison.Ordinal);
        Assert.Contains("Default: Enter a number", html, StringComparison.Ordinal);
        Assert.Contains("A choice parameter needs at least one choice.", html, StringComparison.Ordinal);
        Assert.Contains("Use only letters, digits and underscores.", html, StringComparison.Ordinal);
        // The admin's input is kept.
        Assert.Equal("Should not be saved", HtmlForms.FieldValue(html, "Input.Name", AdminClient.FormId));
        Assert.Equal("bad-key", HtmlForms.FieldValue(html, "Input.Parameters[5].Key", AdminClient.FormId));
        Assert.NotEqual("Should not be saved", (await factory.LoadAsync(id))!.Name);

        var newName = $"Never {Guid.NewGuid():N}"[..20];
        using var create = await client.PostFormAsync("/Admin/Scenarios/Edit", (await client.EditFormAsync()).Set("Input.Name", newName));
        Assert.Equal(HttpStatusCode.OK, create.StatusCode);
        Assert.Contains("Write the instructions the AI will follow.", await create.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await factory.WithDbAsync(db => db.Scenarios.AnyAsync(s => s.Name == newName)));
    }

    [Fact]
    public async Task The_second_of_two_admins_saving_gets_a_conflict_and_the_first_change_stands()
    {
        var id = await factory.CreateScenarioAsync();
        using var first = await AdminClient.SignInAsync(factory);
        using var second = await AdminClient.SignInAsync(factory);
        var firstForm = await first.EditFormAsync(id);
        var secondForm = await second.EditFormAsync(id);

        using (var saved = await first.PostFormAsync($"/Admin/Scenarios/Edit/{id}", firstForm.Set("Input.Name", "Saved by the first")))
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        secondForm.Set("Input.Name", "Saved by the second").Set("Input.InstructionsTemplate", "Overwritten {{person}} {{topic}}");
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var conflict = await second.PostFormAsync($"/Admin/Scenarios/Edit/{id}", secondForm);
            Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
            var html = Decode(await conflict.Content.ReadAsStringAsync());
            Assert.Contains("Someone else saved this scenario since you opened it; reload to see their changes.", html, StringComparison.Ordinal);
            Assert.Equal("Saved by the second", HtmlForms.FieldValue(html, "Input.Name", AdminClient.FormId));
        }

        var scenario = (await factory.LoadAsync(id))!;
        Assert.Equal("Saved by the first", scenario.Name);
        Assert.Equal("You talk with {{person}} about {{topic}}.", scenario.InstructionsTemplate);

        // After reloading, the second admin can save over the first's version.
        var reloaded = (await second.EditFormAsync(id)).Set("Input.Name", "Saved by the second");
        using var retry = await second.PostFormAsync($"/Admin/Scenarios/Edit/{id}", reloaded);
        Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);
        Assert.Equal("Saved by the second", (await factory.LoadAsync(id))!.Name);
    }

    [Fact]
    public async Task Saving_a_scenario_deleted_meanwhile_is_refused()
    {
        var id = await factory.CreateScenarioAsync();
        using var client = await AdminClient.SignInAsync(factory);
        var form = await client.EditFormAsync(id);
        await factory.WithDbAsync(db => db.Scenarios.Where(s => s.Id == id).ExecuteDeleteAsync());

        using var response = await client.PostFormAsync($"/Admin/Scenarios/Edit/{id}", form.Set("Input.Name", "Back from the dead"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains(EditModel.DeletedMessage, Decode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.False(await factory.WithDbAsync(db => db.Scenarios.AnyAsync(s => s.Name == "Back from the dead")));
    }

    [Fact]
    public async Task The_version_token_is_checked_by_the_database()
    {
        var id = await factory.CreateScenarioAsync();
        var stale = (await factory.LoadAsync(id))!.Version;
        await factory.WithDbAsync(db => db.Scenarios.Where(s => s.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Version, Guid.NewGuid())));

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => factory.WithDbAsync(async db =>
        {
            var scenario = await db.Scenarios.SingleAsync(s => s.Id == id);
            db.Entry(scenario).Property(s => s.Version).OriginalValue = stale;
            scenario.Name = "Lost update";
            scenario.Version = Guid.NewGuid();
            return await db.SaveChangesAsync();
        }));
        Assert.NotEqual("Lost update", (await factory.LoadAsync(id))!.Name);
    }
}
