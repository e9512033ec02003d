using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using VoiceSite.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace VoiceSite.Tests.Browser;

/// <summary>The editor's persona, difficulty levels and rubric used as an administrator uses them: typing, clicking, reading.</summary>
[Collection(BrowserPagesCollection.Name)]
public sealed class CoachingEditorBrowserTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task A_new_scenario_gets_a_persona_two_levels_and_a_weighted_rubric_with_a_bad_weight_caught_before_it_saves()
    {
        var name = $"Sales call {Guid.NewGuid():N}"[..22];
        var page = await Fixture.NewPageAsync();
        await BrowserFixture.SignInAsync(page, VoiceSiteFactory.AdminEmail, VoiceSiteFactory.AdminPassword);
        await page.GotoAsync("/Admin/Scenarios/Edit");

        await page.GetByLabel("Name", new() { Exact = true }).PressSequentiallyAsync(name, new() { Delay = 5 });
        await page.GetByLabel("Objective").PressSequentiallyAsync("Book a demo.", new() { Delay = 5 });
        await page.GetByLabel("Persona", new() { Exact = true }).PressSequentiallyAsync("Dana", new() { Delay = 5 });
        await page.GetByLabel("Instructions for the AI").PressSequentiallyAsync("You are {{persona_name}}, a busy buyer. Level: {{difficulty}}.", new() { Delay = 5 });
        await page.GetByLabel("End the role-play").CheckAsync();

        // Two levels through the row buttons; the second is preselected for learners.
        var add = page.GetByRole(AriaRole.Button, new() { Name = "+ Add level" });
        await add.ClickAsync();
        await Expect(page.Locator("[data-row=difficulty]")).ToHaveCountAsync(1);
        await page.FillAsync("#Input_Difficulties_0_Name", "friendly");
        await add.ClickAsync();
        await Expect(page.Locator("[data-row=difficulty]")).ToHaveCountAsync(2);
        await page.Locator("#Input_Difficulties_1_Name").PressSequentiallyAsync("tough", new() { Delay = 5 });
        await page.Locator("#Input_Difficulties_1_Instructions").PressSequentiallyAsync("Object to the price twice.", new() { Delay = 5 });
        await page.Locator("[data-row=difficulty]").Nth(1).GetByLabel("Preselected for learners").CheckAsync();
        await page.WaitForTimeoutAsync(700);

        // The preview fills the persona and the preselected level, and shows what the level and the tool add.
        var preview = page.Locator("#preview");
        await Expect(preview.Locator("pre.preview")).ToContainTextAsync("You are Dana, a busy buyer. Level: tough.");
        await Expect(preview.Locator("pre.preview .added").First).ToContainTextAsync("Difficulty: tough. Object to the price twice.");
        await Expect(preview.Locator("pre.preview")).ToContainTextAsync("The learner's objective: Book a demo.");

        // Two criteria; the second gets a weight of 0 first.
        var addCriterion = page.GetByRole(AriaRole.Button, new() { Name = "+ Add criterion" });
        // One at a time, as a person sees each row arrive: a second click before the first row is back posts the same
        // old form (or is dropped by htmx while the first request is in flight), so it adds no second row (seen once on a
        // busy machine).
        await addCriterion.ClickAsync();
        await Expect(page.Locator("[data-row=criterion]")).ToHaveCountAsync(1);
        await addCriterion.ClickAsync();
        await Expect(page.Locator("[data-row=criterion]")).ToHaveCountAsync(2);
        foreach (var (i, criterion, weight) in new[] { (0, "Handles objections", "3"), (1, "Asks for the meeting", "0") })
        {
            await page.Locator($"#Input_Rubric_{i}_Name").PressSequentiallyAsync(criterion, new() { Delay = 2 });
            await page.FillAsync($"#Input_Rubric_{i}_Weight", weight);
            await page.FillAsync($"#Input_Rubric_{i}_Good", "Does it clearly.");
            await page.FillAsync($"#Input_Rubric_{i}_Fair", "Does it in part.");
            await page.FillAsync($"#Input_Rubric_{i}_Poor", "Does not.");
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).Last.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "The scenario was not saved" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-row=criterion]").Nth(1).Locator(".field-error")).ToHaveTextAsync("Use a whole-number weight from 1 to 100.");
        Assert.Equal(0, await CountAsync(name));

        // Fixed, moved first, saved once.
        await page.FillAsync("#Input_Rubric_1_Weight", "1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Move criterion 2 up" }).ClickAsync();
        await Expect(page.Locator("#Input_Rubric_0_Name")).ToHaveValueAsync("Asks for the meeting");
        await Expect(page.Locator("[data-row=criterion]").Nth(1)).ToContainTextAsync("75% of the score");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).Last.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved." })).ToBeVisibleAsync();

        Assert.Equal(1, await CountAsync(name));
        var saved = await Fixture.Site.WithDbAsync(db => db.Scenarios.AsNoTracking().Include(s => s.Difficulties).Include(s => s.Rubric).SingleAsync(s => s.Name == name));
        Assert.Equal("Dana", saved.Persona.Name);
        Assert.Equal(["end_roleplay"], saved.EnabledTools);
        Assert.Equal([("friendly", false), ("tough", true)], saved.Difficulties.OrderBy(d => d.Position).Select(d => (d.Name, d.IsDefault)));
        Assert.Equal([("Asks for the meeting", 1), ("Handles objections", 3)], saved.Rubric.OrderBy(c => c.Position).Select(c => (c.Name, c.Weight)));
    }

    private Task<int> CountAsync(string name) => Fixture.Site.WithDbAsync(db => db.Scenarios.CountAsync(s => s.Name == name));
}
