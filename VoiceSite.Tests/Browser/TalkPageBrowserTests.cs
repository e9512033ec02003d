using Microsoft.Playwright;
using VoiceSite.Data.Entities;
using VoiceSite.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace VoiceSite.Tests.Browser;

/// <summary>
/// The conversation page used as a person uses it: one visual state at a time, recovery without a click,
/// and the keyboard (focus after Start and after a mode switch, leaving push-to-talk with Escape).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TalkPageBrowserTests(BrowserFixture browser) : BrowserTest(browser)
{
    private async Task<(IPage Page, Guid Conversation, string UserId)> OpenAsync(VoiceMode mode = VoiceMode.Realtime, int width = 1280, int height = 900)
    {
        var (user, _) = await Fixture.Site.CreateSignedInUserAsync();
        var conversationId = await Fixture.Site.CreateConversationAsync(user.Email!, c => c.Mode = mode);
        var page = await Fixture.NewPageAsync(width, height);
        await BrowserFixture.SignInAsync(page, user.Email!);
        await page.GotoAsync($"/Conversations/{conversationId}");
        return (page, conversationId, user.Id);
    }

    [Theory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task A_turn_shows_every_state_in_order_and_Start_from_the_keyboard_moves_focus_to_End(int width, int height)
    {
        var (page, _, _) = await OpenAsync(width: width, height: height);
        var start = await page.Locator("[data-action=connect]").BoundingBoxAsync();
        Assert.True(start is not null && start.Y + start.Height <= height, $"Start is at y={start?.Y}, below the first {height} px");
        await Expect(page.Locator("[data-role=status]")).ToHaveTextAsync("Not connected. Press Start to talk.");

        await page.FocusAsync("[data-action=connect]");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("[data-action=disconnect]")).ToBeFocusedAsync();

        await BrowserFixture.WaitForStatsAsync(page, "s => s.states.includes('speaking')");
        var states = (await StatesAsync(page)).Distinct().ToList();
        AssertInOrder(["idle", "connecting", "listening", "user", "thinking", "speaking"], await StatesAsync(page));
        Assert.DoesNotContain("error", states);

        await page.Keyboard.PressAsync("Enter"); // End, still focused
        await Expect(page.Locator("#talk")).ToHaveAttributeAsync("data-state", "ended");
        await Expect(page.Locator("[data-action=connect]")).ToBeFocusedAsync();
        Assert.Equal("ended", (await StatesAsync(page))[^1]);
    }

    [Fact]
    public async Task The_hub_connection_cut_mid_conversation_comes_back_by_itself_and_the_next_turn_has_the_context()
    {
        var (page, conversationId, userId) = await OpenAsync();
        await page.ClickAsync("[data-action=connect]");
        var first = await Fixture.Site.WaitForTurnAsync(conversationId, t => t.Role == TurnRole.Assistant, timeoutSeconds: 30);
        Assert.StartsWith("Simulated reply 1 ", first.Text);

        Assert.True(Fixture.Site.HubConnections.Cut(userId) > 0);
        await BrowserFixture.WaitForStatsAsync(page, "s => s.reconnects >= 1 && s.state !== 'reconnecting' && s.mode === 'realtime'");
        Assert.Contains("reconnecting", await StatesAsync(page));

        // No click: the microphone's next utterance is answered by a model that was given the conversation so far.
        var next = await Fixture.Site.WaitForTurnAsync(conversationId,
            t => t.Role == TurnRole.Assistant && t.StartedAt > first.StartedAt && !t.Text.StartsWith("Simulated reply 1 ", StringComparison.Ordinal), timeoutSeconds: 40);
        Assert.Matches(@"^Simulated reply ([2-9]|\d{2,}) ", next.Text);
        var stats = await BrowserFixture.StatsAsync(page);
        Assert.DoesNotContain("bad_audio", stats.Errors);
        await Expect(page.Locator("[data-role=error]")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task The_mode_is_a_radio_group_and_focus_stays_on_the_chosen_mode_after_a_switch()
    {
        var (page, _, _) = await OpenAsync();
        await page.FocusAsync("#mode-toggle input[value=realtime]");
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(page.Locator("#mode-toggle [data-mode]")).ToHaveAttributeAsync("data-mode", "pipeline");
        await Expect(page.Locator("#mode-toggle input[value=pipeline]")).ToBeFocusedAsync();
        await Expect(page.Locator("#mode-toggle input[value=pipeline]")).ToBeCheckedAsync();

        // One tab stop for the group: Tab from the chosen mode leaves the group.
        await page.Keyboard.PressAsync("Tab");
        Assert.False(await page.EvaluateAsync<bool>("() => document.activeElement.closest('#mode-toggle') !== null"));
    }

    [Fact]
    public async Task Push_to_talk_is_left_with_Escape_and_focus_stays_on_its_switch()
    {
        var (page, _, _) = await OpenAsync(VoiceMode.Pipeline);
        await page.FocusAsync("[data-role=ptt]");
        await page.Keyboard.PressAsync("Space"); // ticks the switch: Space is not yet the talk key
        await Expect(page.Locator("[data-role=ptt]")).ToBeCheckedAsync();
        await Expect(page.Locator("[data-action=hold]")).ToBeVisibleAsync();

        await page.Keyboard.PressAsync("Escape");
        await Expect(page.Locator("[data-role=ptt]")).Not.ToBeCheckedAsync();
        await Expect(page.Locator("[data-action=hold]")).ToBeHiddenAsync();
        await Expect(page.Locator("[data-role=ptt]")).ToBeFocusedAsync();
    }

    private static async Task<string[]> StatesAsync(IPage page) => await page.EvaluateAsync<string[]>("() => window.voiceTalk.stats().states");

    private static void AssertInOrder(string[] expected, string[] seen)
    {
        var at = 0;
        foreach (var state in seen)
            if (at < expected.Length && state == expected[at])
                at++;
        Assert.True(at == expected.Length, $"expected the states {string.Join(" > ", expected)} in order; saw {string.Join(" > ", seen)}");
    }
}
