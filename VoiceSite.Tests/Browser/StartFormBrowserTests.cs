using Microsoft.Playwright;
using VoiceSite.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace VoiceSite.Tests.Browser;

/// <summary>The start form in real Chromium: hearing a voice before choosing it.</summary>
[Collection(BrowserPagesCollection.Name)]
public sealed class StartFormBrowserTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task A_voice_sample_plays_on_the_start_form()
    {
        var scenario = await Fixture.Site.CreateScenarioAsync();
        var (user, _) = await Fixture.Site.CreateSignedInUserAsync();
        var page = await Fixture.NewPageAsync();
        await BrowserFixture.SignInAsync(page, user.Email!);
        await page.GotoAsync($"/Scenarios/Start/{scenario}");

        await page.SelectOptionAsync("#RealtimeVoice", "marin");
        var play = page.Locator("[data-voice-sample=realtime]");
        await play.ClickAsync();
        await Expect(play).ToHaveTextAsync("Playing…");
        await Expect(page.Locator("[data-role=sample-status]")).ToContainTextAsync("Marin");
        // The sample really sounds: it plays to its end (seconds of audio), and the button is ready again.
        await Expect(play).ToHaveTextAsync("Play a sample", new() { Timeout = 20_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.voiceSample.ended && window.voiceSample.duration > 1"));
    }
}
