using VoiceSite.Data.Entities;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Browser;

/// <summary>The assistant's live caption follows the audio actually played, and a barge-in cuts it to the words heard.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CaptionBrowserTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Theory]
    [InlineData(VoiceMode.Realtime)]
    [InlineData(VoiceMode.Pipeline)]
    public async Task The_caption_shows_the_words_played_so_far_and_after_a_barge_in_the_words_heard(VoiceMode mode)
    {
        var (user, _) = await Fixture.Site.CreateSignedInUserAsync();
        var conversationId = await Fixture.Site.CreateConversationAsync(user.Email!, c => c.Mode = mode);
        var page = await Fixture.NewPageAsync();
        await BrowserFixture.SignInAsync(page, user.Email!);
        await page.GotoAsync($"/Conversations/{conversationId}");
        await page.ClickAsync("[data-action=connect]");

        // Partway into the reply: its text is known well ahead of the audio, yet the caption holds only what was played.
        await BrowserFixture.WaitForStatsAsync(page, "s => s.turnPlayedMs > 700 && s.turnPlayedMs < 2500 && s.caption.length > 0");
        var during = await BrowserFixture.StatsAsync(page);
        Assert.StartsWith(during.Caption, during.CaptionSource);
        Assert.True(during.Caption.Length < during.CaptionSource.Length,
            $"the caption \"{during.Caption}\" shows all the text known at {during.TurnPlayedMs} ms played");
        Assert.True(Words(during.Caption) <= 2 + during.TurnPlayedMs / 250, $"\"{during.Caption}\" is ahead of {during.TurnPlayedMs} ms of audio");

        // The fake microphone's next utterance cuts the reply: the caption keeps the words heard, as the stored turn does.
        await BrowserFixture.WaitForStatsAsync(page, "s => s.interrupts >= 1");
        var cut = await BrowserFixture.StatsAsync(page);
        var stored = await Fixture.Site.WaitForTurnAsync(conversationId, t => t.Role == TurnRole.Assistant && t.Interrupted);
        var shown = cut.Caption.TrimEnd('…', ' ');
        Assert.True(Math.Abs(Words(shown) - Words(stored.Text)) <= 1, $"caption \"{shown}\" vs stored \"{stored.Text}\"");
        Assert.StartsWith(shown, cut.CaptionSource);
        Assert.Empty(cut.Errors);
    }

    private static int Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
}
