using Microsoft.Playwright;
using VoiceSite.Tests.Infrastructure;
using VoiceSite.Tests.Recordings;
using static Microsoft.Playwright.Assertions;

namespace VoiceSite.Tests.Browser;

/// <summary>
/// The conversation page as a person sees it, mid-conversation, on a desk and on a phone. The pictures go to
/// <c>SCREENSHOTS_DIR</c> when set (scripts/screenshots.sh writes the README's), otherwise to a temporary folder.
/// </summary>
[Collection(BrowserPagesCollection.Name)]
public sealed class ScreenshotTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Theory]
    [InlineData("desktop", 1280, 800)]
    [InlineData("phone", 390, 844)]
    public async Task The_conversation_page_mid_conversation(string name, int width, int height)
    {
        var (user, _) = await Fixture.Site.CreateSignedInUserAsync();
        var conversationId = await Fixture.Site.CreateConversationAsync(user.Email!);
        var page = await Fixture.NewPageAsync(width, height);
        await BrowserFixture.SignInAsync(page, user.Email!);
        await page.GotoAsync($"/Conversations/{conversationId}");

        // Before starting, the Start control is in the first screenful.
        var start = await page.Locator("[data-action=connect]").BoundingBoxAsync();
        Assert.True(start is not null && start.Y + start.Height <= height, $"Start is at y={start?.Y} on a {height} px tall screen");

        await page.ClickAsync("[data-action=connect]");
        await BrowserFixture.WaitForStatsAsync(page, "s => s.state === 'speaking' && s.caption.length > 20");
        await Expect(page.Locator("#talk")).ToHaveAttributeAsync("data-state", "speaking");

        var file = BrowserFixture.ScreenshotPath($"conversation-{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file });
        Assert.True(new FileInfo(file).Length > 10_000);
        await page.ClickAsync("[data-action=disconnect]");
    }

    /// <summary>
    /// A real recorded session (the fake microphone, the simulator), then its replay as a person uses it: the second
    /// turn clicked, playing from its place, highlighted, beside the transcript.
    /// </summary>
    [Theory]
    [InlineData("desktop", 1280, 800)]
    [InlineData("phone", 390, 844)]
    public async Task The_replay_of_a_recorded_session(string name, int width, int height)
    {
        var (user, _) = await Fixture.Site.CreateSignedInUserAsync();
        var conversationId = await Fixture.Site.CreateConversationAsync(user.Email!);
        var page = await Fixture.NewPageAsync(width, height);
        await BrowserFixture.SignInAsync(page, user.Email!);
        await page.GotoAsync($"/Conversations/{conversationId}");
        await page.ClickAsync("[data-action=connect]");
        await Expect(page.Locator("[data-role=live-assistant]")).ToContainTextAsync("Simulated reply 1");
        await Fixture.Site.WaitForTurnAsync(conversationId, t => t.Role == VoiceSite.Data.Entities.TurnRole.Assistant);
        await page.ClickAsync("[data-action=disconnect]");
        await Fixture.Site.WaitForRecordingAsync(conversationId, r => r.CompletedAt is not null);

        await page.ReloadAsync();
        var turns = page.Locator("#transcript .turn[data-seek-ms]");
        await Expect(turns.Nth(1)).ToBeVisibleAsync();
        var seekMs = int.Parse((await turns.Nth(1).GetAttributeAsync("data-seek-ms"))!, System.Globalization.CultureInfo.InvariantCulture);
        await turns.Nth(1).Locator("[data-role=seek]").ClickAsync();
        await page.WaitForFunctionAsync(
            "ms => { const s = window.voiceReplay.state(); return s.playing && s.positionMs >= ms - 50; }", seekMs);
        await Expect(turns.Nth(1)).ToHaveAttributeAsync("aria-current", "true");

        var file = BrowserFixture.ScreenshotPath($"replay-{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        Assert.True(new FileInfo(file).Length > 10_000);
        await page.Context.CloseAsync();
    }
}
