using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using VoiceSite.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace VoiceSite.Tests.Browser;

/// <summary>The scenario editor used as an administrator uses it: typing, pausing, clicking, reading.</summary>
[Collection(BrowserPagesCollection.Name)]
public sealed class ScenarioEditorBrowserTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task A_new_scenario_with_two_parameters_is_typed_previewed_and_saved_exactly_once()
    {
        var name = $"Negotiation {Guid.NewGuid():N}"[..24];
        var page = await Fixture.NewPageAsync();
        await BrowserFixture.SignInAsync(page, VoiceSiteFactory.AdminEmail, VoiceSiteFactory.AdminPassword);
        await page.GotoAsync("/Admin/Scenarios");
        await page.GetByRole(AriaRole.Link, new() { Name = "New scenario" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New scenario", Level = 1 })).ToBeVisibleAsync();

        // Typed as a person types, with pauses long enough for the live preview to fire between fields.
        await page.GetByLabel("Name").PressSequentiallyAsync(name, new() { Delay = 5 });
        await page.WaitForTimeoutAsync(600);
        await page.GetByLabel("Instructions for the AI").PressSequentiallyAsync("You are {{person}}. Discuss {{topic}} firmly.", new() { Delay = 5 });
        await page.WaitForTimeoutAsync(600);

        // Placeholders without parameters are flagged in the preview, which stays a fragment of the page.
        var preview = page.Locator("#preview");
        await Expect(preview.Locator("[data-check=unknown]")).ToContainTextAsync("{{person}}");
        await Expect(preview.Locator("header, h1, form")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "+ Add parameter" }).ClickAsync();
        await Expect(page.Locator("#parameters fieldset")).ToHaveCountAsync(1);
        await page.FillAsync("#Input_Parameters_0_Key", "person");
        await page.FillAsync("#Input_Parameters_0_Label", "Person");
        await page.WaitForTimeoutAsync(600);
        await page.GetByRole(AriaRole.Button, new() { Name = "+ Add parameter" }).ClickAsync();
        await Expect(page.Locator("#parameters fieldset")).ToHaveCountAsync(2);
        await page.Locator("#Input_Parameters_1_Key").PressSequentiallyAsync("topic", new() { Delay = 5 });
        await page.Locator("#Input_Parameters_1_Label").PressSequentiallyAsync("Topic", new() { Delay = 5 });
        await page.SelectOptionAsync("#Input_Parameters_1_Kind", "Choice");
        await page.Locator("#Input_Parameters_1_Choices").PressSequentiallyAsync("price, delivery", new() { Delay = 5 });
        await page.WaitForTimeoutAsync(800);

        // The preview fills the placeholders with sample values once every placeholder has its parameter.
        await Expect(preview.Locator("pre.preview")).ToHaveTextAsync("You are [Person]. Discuss price firmly.");
        await Expect(preview.Locator("[data-check]")).ToHaveCountAsync(0);
        Assert.Equal(1, await page.Locator("#preview").CountAsync());
        Assert.Equal(1, await page.Locator("#parameters").CountAsync());
        Assert.Equal(0, await CountAsync(name)); // typing and pausing saved nothing

        // Move the second parameter up, then save with the button.
        await page.GetByRole(AriaRole.Button, new() { Name = "Move parameter 2 up" }).ClickAsync();
        await Expect(page.Locator("#Input_Parameters_0_Key")).ToHaveValueAsync("topic");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).Last.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved." })).ToBeVisibleAsync();

        Assert.Equal(1, await CountAsync(name));
        var keys = await Fixture.Site.WithDbAsync(db => db.ScenarioParameters.Where(p => p.Scenario!.Name == name)
            .OrderBy(p => p.Position).Select(p => p.Key).ToListAsync());
        Assert.Equal(["topic", "person"], keys);
    }

    private Task<int> CountAsync(string name) => Fixture.Site.WithDbAsync(db => db.Scenarios.CountAsync(s => s.Name == name));
}
