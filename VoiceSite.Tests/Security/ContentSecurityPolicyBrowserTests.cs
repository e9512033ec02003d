using Microsoft.Playwright;
using VoiceSite.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace VoiceSite.Tests.Security;

/// <summary>
/// Issue 9, items 5 and 9 in real Chromium: no page breaks the Content-Security-Policy (home, sign-in, scenarios, start
/// form, a connected voice session, the admin editor's htmx preview), and the talk page never sends an oversized hub
/// message and explains in words when the server closes the connection for one.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ContentSecurityPolicyBrowserTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task Pages_a_voice_session_and_the_admin_preview_run_without_a_policy_violation()
    {
        var page = await Fixture.NewPageAsync();
        var problems = await BrowserFixture.WatchAsync(page);
        await page.GotoAsync("/Account/Login");
        await BrowserFixture.SignInAsync(page, VoiceSiteFactory.AdminEmail, VoiceSiteFactory.AdminPassword);
        await page.GotoAsync("/");
        await page.GotoAsync("/Scenarios");
        await page.Locator("a[href^='/Scenarios/Start/']").First.ClickAsync();
        await Expect(page.Locator("#start-form")).ToBeVisibleAsync();

        var conversation = await Fixture.Site.CreateConversationAsync(VoiceSiteFactory.AdminEmail);
        await page.GotoAsync($"/Conversations/{conversation}");
        await page.ClickAsync("[data-action=connect]");
        await Expect(page.Locator("[data-action=disconnect]")).ToBeVisibleAsync();
        await BrowserFixture.WaitForStatsAsync(page, "s => s.sentFrames > 5");
        await page.ClickAsync("[data-action=disconnect]");

        var scenario = await Fixture.Site.CreateScenarioAsync(published: false);
        await page.GotoAsync($"/Admin/Scenarios/Edit/{scenario}");
        await page.FillAsync("#Input_InstructionsTemplate", "You talk about {{topic}} with a CSP check.");
        await Expect(page.Locator("#preview")).ToContainTextAsync("CSP check");
        await page.GotoAsync("/Admin/Usage");
        await Expect(page.Locator("#usage")).ToBeVisibleAsync();

        Assert.DoesNotContain(problems, p => p.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Large_audio_is_sent_in_chunks_and_a_close_for_size_is_explained()
    {
        var (user, _) = await Fixture.Site.CreateSignedInUserAsync();
        var conversation = await Fixture.Site.CreateConversationAsync(user.Email!);
        var page = await Fixture.NewPageAsync();
        await BrowserFixture.SignInAsync(page, user.Email!);
        await page.GotoAsync($"/Conversations/{conversation}");
        await page.ClickAsync("[data-action=connect]");
        await BrowserFixture.WaitForStatsAsync(page, "s => s.mode !== null");

        // 100 KB through the page's own sender: chunked, so the connection stays up.
        await page.EvaluateAsync("() => window.voiceTalk.connection.sendAudio(new Uint8Array(100000))");
        await page.WaitForTimeoutAsync(500);
        Assert.True(await page.EvaluateAsync<bool>("() => window.voiceTalk.connection?.connected === true"));

        // An oversized message sent around it: the server closes, and the page says why in words.
        await page.EvaluateAsync("() => window.voiceTalk.connection.connection.send('SendAudio', new Uint8Array(70000)).catch(() => {})");
        await Expect(page.Locator("[data-role=error]")).ToContainTextAsync("too large");
    }
}
