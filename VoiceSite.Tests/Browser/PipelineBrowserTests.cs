using Microsoft.Playwright;
using VoiceSite.Data.Entities;
using VoiceSite.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace VoiceSite.Tests.Browser;

/// <summary>Pipeline mode and switching modes mid-conversation in real Chromium, with the fake microphone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PipelineBrowserTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task Talk_in_pipeline_mode_switch_to_realtime_and_back_and_find_both_modes_in_the_history()
    {
        var (user, _) = await Fixture.Site.CreateSignedInUserAsync();
        var conversationId = await Fixture.Site.CreateConversationAsync(user.Email!);
        var page = await Fixture.NewPageAsync();
        await BrowserFixture.SignInAsync(page, user.Email!);
        await page.GotoAsync($"/Conversations/{conversationId}");

        // Choose pipeline before connecting: the toggle is swapped in by htmx, no reload.
        await page.ClickAsync("[data-mode-option=pipeline]");
        await Expect(page.Locator("#mode-toggle [data-mode]")).ToHaveAttributeAsync("data-mode", "pipeline");
        await page.ClickAsync("[data-action=connect]");
        await BrowserFixture.WaitForStatsAsync(page, "s => s.mode === 'pipeline'");

        await Expect(page.Locator("[data-role=live-user]")).ToHaveTextAsync(BrowserFixture.SpeechTranscript());
        await Expect(page.Locator("[data-role=live-assistant]")).ToContainTextAsync("Simulated reply");
        await BrowserFixture.WaitForStatsAsync(page, "s => s.mode === 'pipeline' && s.playedSamples > 24000");
        var pipelineTurn = await Fixture.Site.WaitForTurnAsync(conversationId, t => t.Role == TurnRole.Assistant && t.Mode == VoiceMode.Pipeline, timeoutSeconds: 30);
        Assert.NotNull(pipelineTurn.ChatFirstTokenMs);
        Assert.NotNull(pipelineTurn.TtsFirstByteMs);

        // Switch the live session to realtime: the model there answers with the pipeline turns in its context.
        var played = (await BrowserFixture.StatsAsync(page)).PlayedSamples;
        await page.ClickAsync("[data-mode-option=realtime]");
        await BrowserFixture.WaitForStatsAsync(page, "s => s.mode === 'realtime' && s.state !== 'connecting'");
        var realtimeTurn = await Fixture.Site.WaitForTurnAsync(conversationId, t => t.Role == TurnRole.Assistant && t.Mode == VoiceMode.Realtime, timeoutSeconds: 30);
        // "Simulated reply N": N counts the assistant turns the model was given, so 1 would mean no context.
        Assert.Matches(@"^Simulated reply ([2-9]|\d{2,})\b", realtimeTurn.Text);
        await BrowserFixture.WaitForStatsAsync(page, $"s => s.playedSamples > {played + 24000}");

        // And back to pipeline, still on the same page and connection.
        await page.ClickAsync("[data-mode-option=pipeline]");
        await BrowserFixture.WaitForStatsAsync(page, "s => s.mode === 'pipeline' && s.state !== 'connecting'");
        var lastTurn = await Fixture.Site.WaitForTurnAsync(conversationId,
            t => t.Role == TurnRole.Assistant && t.Mode == VoiceMode.Pipeline && t.StartedAt > realtimeTurn.StartedAt, timeoutSeconds: 30);
        Assert.True(lastTurn.StartedAt > realtimeTurn.StartedAt);

        var stats = await BrowserFixture.StatsAsync(page);
        Assert.DoesNotContain("bad_audio", stats.Errors);
        Assert.DoesNotContain("audio_too_fast", stats.Errors);
        await page.ClickAsync("[data-action=disconnect]");

        // The history shows the three stretches in order: pipeline, then realtime, then pipeline again.
        await page.ReloadAsync();
        var modes = await page.Locator("#transcript .turn.assistant .mode").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.mode)");
        var stretches = modes.Aggregate(new List<string>(), (list, mode) => { if (list.Count == 0 || list[^1] != mode) list.Add(mode); return list; });
        Assert.Equal(["pipeline", "realtime", "pipeline"], stretches);
    }

    [Fact]
    public async Task Push_to_talk_sends_audio_only_while_space_is_held()
    {
        var (user, _) = await Fixture.Site.CreateSignedInUserAsync();
        var conversationId = await Fixture.Site.CreateConversationAsync(user.Email!, c => c.Mode = VoiceMode.Pipeline);
        var page = await Fixture.NewPageAsync();
        await BrowserFixture.SignInAsync(page, user.Email!);
        await page.GotoAsync($"/Conversations/{conversationId}");

        await page.ClickAsync("[data-role=ptt]"); // focus stays on the checkbox: Space must not untick it
        await Expect(page.Locator("[data-action=hold]")).ToBeVisibleAsync();
        await page.ClickAsync("[data-action=connect]");
        await BrowserFixture.WaitForStatsAsync(page, "s => s.mode === 'pipeline'");
        await page.FocusAsync("[data-role=ptt]");

        // The microphone plays all the time, but nothing is sent until the talk key is held.
        await page.WaitForTimeoutAsync(1500);
        Assert.Equal(0, (await BrowserFixture.StatsAsync(page)).SentBytes);

        await page.Keyboard.DownAsync("Space");
        await BrowserFixture.WaitForStatsAsync(page, "s => s.speechStarted >= 1");
        await page.Keyboard.UpAsync("Space");
        await Expect(page.Locator("[data-role=live-user]")).ToHaveTextAsync(BrowserFixture.SpeechTranscript());
        await Expect(page.Locator("[data-role=live-assistant]")).ToContainTextAsync("Simulated reply 1");
        Assert.True(await page.IsCheckedAsync("[data-role=ptt]"), "Space unticked the push-to-talk box");

        // Released: after the short closing silence nothing more is sent.
        await page.WaitForTimeoutAsync(500);
        var sent = (await BrowserFixture.StatsAsync(page)).SentBytes;
        await page.WaitForTimeoutAsync(1500);
        Assert.Equal(sent, (await BrowserFixture.StatsAsync(page)).SentBytes);
    }

    [Fact]
    public async Task The_conversation_page_fits_a_phone_screen()
    {
        var (user, _) = await Fixture.Site.CreateSignedInUserAsync();
        var conversationId = await Fixture.Site.CreateConversationAsync(user.Email!);
        var page = await Fixture.NewPageAsync(width: 390, height: 844);
        await BrowserFixture.SignInAsync(page, user.Email!);
        await page.GotoAsync($"/Conversations/{conversationId}");

        await Expect(page.Locator("[data-action=connect]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-mode-option=pipeline]")).ToBeVisibleAsync();
        // Before connecting, only what can be used now is shown.
        await Expect(page.Locator("[data-action=disconnect]")).ToBeHiddenAsync();
        await Expect(page.Locator("[data-action=hold]")).ToBeHiddenAsync();
        await Expect(page.Locator("#talk")).ToHaveAttributeAsync("data-state", "idle");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        var widest = await page.EvaluateAsync<string>(
            "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth)" +
            ".map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).slice(0, 8).join('; ')");
        Assert.True(overflow <= 0, $"the page is {overflow} px wider than a 390 px screen: {widest}");
        var connect = await page.Locator("[data-action=connect]").BoundingBoxAsync();
        Assert.True(connect is { Height: >= 40 }, "the Connect button should be an easy touch target");
    }
}
