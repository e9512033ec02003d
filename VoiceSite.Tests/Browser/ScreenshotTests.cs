using Microsoft.Playwright;
using VoiceSite.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace VoiceSite.Tests.Browser;

/// <summary>
/// The conversation page as a person sees it, mid-conversation, on a desk and on a phone. The pictures go to
/// <c>SCREENSHOTS_DIR</c> when set (scripts/screenshots.sh writes the README's), otherwise to a temporary folder.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreenshotTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("desktop", 1280, 800)]
    [InlineData("phone", 390, 844)]
    public async Task The_conversation_page_mid_conversation(string name, int width, int height)
    {
        var (user, _) = await browser.Site.CreateSignedInUserAsync();
        var conversationId = await browser.Site.CreateConversationAsync(user.Email!);
        var page = await browser.NewPageAsync(width, height);
        await BrowserFixture.SignInAsync(page, user.Email!);
        await page.GotoAsync($"/Conversations/{conversationId}");

        // Before starting, the Start control is in the first screenful.
        var start = await page.Locator("[data-action=connect]").BoundingBoxAsync();
        Assert.True(start is not null && start.Y + start.Height <= height, $"Start is at y={start?.Y} on a {height} px tall screen");

        await page.ClickAsync("[data-action=connect]");
        await BrowserFixture.WaitForStatsAsync(page, "s => s.state === 'speaking' && s.caption.length > 20");
        await Expect(page.Locator("#talk")).ToHaveAttributeAsync("data-state", "speaking");

        var folder = Environment.GetEnvironmentVariable("SCREENSHOTS_DIR") is { Length: > 0 } dir ? dir : Path.Combine(Path.GetTempPath(), "voicesite-screenshots");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"conversation-{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file });
        Assert.True(new FileInfo(file).Length > 10_000);
        await page.ClickAsync("[data-action=disconnect]");
    }
}
