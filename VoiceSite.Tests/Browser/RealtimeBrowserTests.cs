using Microsoft.Playwright;
using VoiceSite.Data.Entities;
using VoiceSite.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace VoiceSite.Tests.Browser;

/// <summary>Realtime mode end to end in real Chromium: real microphone path (fake device), worklets, hub, simulator.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RealtimeBrowserTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task Speak_hear_the_answer_barge_in_and_find_the_turns_in_the_history()
    {
        var (user, _) = await Fixture.Site.CreateSignedInUserAsync();
        var conversationId = await Fixture.Site.CreateConversationAsync(user.Email!);
        var page = await Fixture.NewPageAsync();
        await BrowserFixture.SignInAsync(page, user.Email!);
        await page.GotoAsync($"/Conversations/{conversationId}");

        await Expect(page.Locator("[data-role=simulator-banner]")).ToBeVisibleAsync();
        await page.ClickAsync("[data-action=connect]");
        await Expect(page.Locator("[data-action=disconnect]")).ToBeVisibleAsync();

        // The microphone's speech comes back as the user's transcript, then the assistant answers.
        await Expect(page.Locator("[data-role=live-user]")).ToHaveTextAsync(BrowserFixture.SpeechTranscript());
        await Expect(page.Locator("[data-role=live-assistant]")).ToContainTextAsync("Simulated reply 1");
        await BrowserFixture.WaitForStatsAsync(page, "s => s.playedSamples > 24000");
        await Expect(page.Locator("#talk")).ToHaveAttributeAsync("data-state", "speaking");
        await Expect(page.Locator("[data-role=status]")).ToHaveTextAsync("AI speaking. Talk any time to interrupt.");

        // The fake microphone loops: its next utterance starts while the reply is still playing -> barge-in.
        await BrowserFixture.WaitForStatsAsync(page, "s => s.interrupts >= 1");
        var stats = await BrowserFixture.StatsAsync(page);
        Assert.Equal("realtime", stats.Mode);
        Assert.True(stats.SentBytes > 24_000 * 2, $"sent {stats.SentBytes} bytes");
        Assert.InRange(stats.LastInterruptMs!.Value, 1, 60_000);
        Assert.DoesNotContain("bad_audio", stats.Errors);
        Assert.DoesNotContain("audio_too_fast", stats.Errors);

        // The interrupted reply is stored as such, cut to what was heard. When the upstream's own barge-in ends the reply
        // before the browser's Interrupt arrives, the turn is stored first with all the audio received and then cut to
        // what was heard (TurnWriter.MarkInterrupted): wait for the cut, not just the first write.
        var heard = stats.LastInterruptMs!.Value;
        var interrupted = await Fixture.Site.WaitForTurnAsync(conversationId, t => t.Role == TurnRole.Assistant && t.Interrupted && t.DurationMs <= heard + 1);
        Assert.StartsWith("Simulated reply 1", interrupted.Text);

        await page.ClickAsync("[data-action=disconnect]");
        await Expect(page.Locator("[data-role=status]")).ToContainTextAsync("Press Start");

        await page.ReloadAsync();
        await Expect(page.Locator("#transcript .turn.user .text").First).ToHaveTextAsync(BrowserFixture.SpeechTranscript());
        await Expect(page.Locator("#transcript .turn.assistant").First).ToContainTextAsync("Simulated reply 1");
        await Expect(page.Locator("#transcript .turn.interrupted").First).ToBeVisibleAsync();
        Assert.Contains("Simulated reply 1", await page.Locator("#transcript").InnerTextAsync());
    }
}
