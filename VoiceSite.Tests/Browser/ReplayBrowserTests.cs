using Microsoft.Playwright;
using VoiceSite.Data.Entities;
using VoiceSite.Tests.Infrastructure;
using VoiceSite.Tests.Recordings;
using static Microsoft.Playwright.Assertions;

namespace VoiceSite.Tests.Browser;

/// <summary>
/// The replay player in real Chromium, used as a person would: a conversation held over two recorded sessions (real Ogg
/// Opus files), a turn clicked or chosen with the keyboard plays from where it is heard, in whichever recording that is,
/// and is highlighted while it plays; a feedback quote plays its moment; administrators get the same through /Admin.
/// No console error and no Content-Security-Policy violation on the way.
/// </summary>
[Collection(BrowserJourneysCollection.Name)]
public sealed class ReplayBrowserTests(BrowserFixture browser) : BrowserTest(browser)
{
    /// <summary>Waits until recording <paramref name="part"/> plays from <paramref name="fromMs"/> (not yet past <paramref name="beforeMs"/>) with the turn highlighted.</summary>
    private static Task PlayingTurnAsync(IPage page, Guid turn, int part, int fromMs, int beforeMs) =>
        page.WaitForFunctionAsync(
            """
            ([turn, part, from, before]) => {
              const s = window.voiceReplay?.state();
              const el = document.getElementById('turn-' + turn);
              return s && s.playing && s.part === part && s.currentTime * 1000 >= from && s.currentTime * 1000 < before
                && el.getAttribute('aria-current') === 'true' && el.classList.contains('playing')
                && document.querySelectorAll('#transcript [aria-current].turn').length === 1;
            }
            """,
            new object[] { turn.ToString(), part, fromMs, beforeMs });

    [Fact]
    public async Task Clicking_a_turn_or_a_feedback_quote_plays_from_its_place_across_recordings_and_highlights_it()
    {
        var (user, client) = await Fixture.Site.CreateSignedInUserAsync();
        client.Dispose();
        var scene = await ReplayScene.CreateAsync(Fixture.Site, user.Email!);
        var page = await Fixture.NewPageAsync();
        var problems = await BrowserFixture.WatchAsync(page);
        await BrowserFixture.SignInAsync(page, user.Email!);

        await page.GotoAsync($"/Conversations/{scene.Conversation}");
        var replay = page.Locator("#replay");
        var toggle = replay.GetByRole(AriaRole.Button, new() { Name = "Play the recording" });
        await Expect(toggle).ToBeVisibleAsync();
        await Expect(replay.GetByRole(AriaRole.Slider, new() { Name = "Position in the recording" })).ToHaveAttributeAsync("aria-valuetext", "0:00 of 0:35");
        await Expect(replay.Locator("[data-role=replay-parts]")).ToBeHiddenAsync();
        await Expect(page.Locator($"#turn-{scene.Unrecorded.Id} [data-role=seek]")).ToHaveCountAsync(0);

        // The answer was said 1.5 s into the second recording: its link loads that recording and plays from there.
        await page.Locator($"#turn-{scene.Answer.Id}").GetByRole(AriaRole.Link, new() { Name = "Listen from 0:21" }).ClickAsync();
        await PlayingTurnAsync(page, scene.Answer.Id, part: 2, fromMs: 1450, beforeMs: ReplayScene.SecondMs);
        await Expect(replay.GetByRole(AriaRole.Button, new() { Name = "Pause the recording" })).ToBeVisibleAsync();
        Assert.EndsWith($"/Conversations/{scene.Conversation}/recordings/2", await page.EvaluateAsync<string>("() => document.querySelector('#replay audio').currentSrc"));

        // Clicking the question's words goes back into the first recording, 8 s in.
        await page.Locator($"#turn-{scene.Question.Id} .text").ClickAsync();
        await PlayingTurnAsync(page, scene.Question.Id, part: 1, fromMs: 7950, beforeMs: ReplayScene.FirstMs);
        await Expect(page.Locator($"#turn-{scene.Answer.Id}")).Not.ToHaveAttributeAsync("aria-current", "true");

        // By keyboard: the greeting's link, then pause with the player's button.
        await page.Locator($"#turn-{scene.Greeting.Id} [data-role=seek]").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await PlayingTurnAsync(page, scene.Greeting.Id, part: 1, fromMs: 450, beforeMs: 8000);
        await replay.GetByRole(AriaRole.Button, new() { Name = "Pause the recording" }).ClickAsync();
        await Expect(toggle).ToHaveTextAsync("Play");
        Assert.True(await page.EvaluateAsync<bool>("() => document.querySelector('#replay audio').paused"));
        await Expect(page.Locator($"#turn-{scene.Greeting.Id}")).ToHaveAttributeAsync("aria-current", "true");

        // The slider by keyboard, paused: End then one step back is 34 s of 35, 14 s into the second recording.
        var slider = replay.GetByRole(AriaRole.Slider, new() { Name = "Position in the recording" });
        await slider.FocusAsync();
        await page.Keyboard.PressAsync("End");
        await page.Keyboard.PressAsync("ArrowLeft");
        await page.WaitForFunctionAsync("() => { const s = window.voiceReplay.state(); return s.part === 2 && !s.playing && Math.abs(s.currentTime - 14) < 0.05; }");
        await Expect(slider).ToHaveAttributeAsync("aria-valuetext", "0:34 of 0:35");
        await Expect(page.Locator($"#turn-{scene.Answer.Id}")).ToHaveAttributeAsync("aria-current", "true");

        // A session recorded after the page loaded (in another tab): the refreshed transcript places its turn in the
        // third recording, 20 + 15 + 2 s into the whole, and the player learns that recording from its link.
        var third = scene.Start.AddMinutes(20);
        var late = new Turn
        {
            ConversationId = scene.Conversation, Role = TurnRole.Assistant, Text = "One more thing.", StartedAt = third.AddSeconds(2),
            Sequence = 5, DurationMs = 1000, Mode = VoiceMode.Realtime,
        };
        await Fixture.Site.WithDbAsync(db => { db.Turns.Add(late); return db.SaveChangesAsync(); });
        await StoredRecordings.AddAsync(Fixture.Site, scene.Conversation, StoredRecordings.OggTone(10), third, 10_000);
        await page.EvaluateAsync($"() => htmx.ajax('GET', '/Conversations/{scene.Conversation}?handler=Transcript', {{ target: '#transcript', swap: 'innerHTML' }})");
        var lateLink = page.Locator($"#turn-{late.Id} [data-role=seek]");
        await Expect(lateLink).ToHaveAttributeAsync("data-seek-ms", "37000");
        await lateLink.ClickAsync();
        await PlayingTurnAsync(page, late.Id, part: 3, fromMs: 1950, beforeMs: 10_000);
        Assert.EndsWith($"/Conversations/{scene.Conversation}/recordings/3", await page.EvaluateAsync<string>("() => document.querySelector('#replay audio').currentSrc"));
        await replay.GetByRole(AriaRole.Button, new() { Name = "Pause the recording" }).ClickAsync();

        // On a phone the player and the transcript fit the screen.
        await page.SetViewportSizeAsync(390, 844);
        await Expect(toggle).ToBeVisibleAsync();
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the conversation page is {overflow} px wider than a 390 px screen");
        await page.SetViewportSizeAsync(1280, 900);

        // The feedback page: a quote plays the moment it quotes, in the second recording: the answer starts 1.5 s in and
        // lasts 3 s, and "we halved our outages" begins 0.543 of the way through it, so about 1.5 + 1.63 s.
        await page.GotoAsync($"/Conversations/{scene.Conversation}/Feedback");
        var quote = page.Locator($"#feedback a[data-role=quote-link][href='#turn-{scene.Answer.Id}']");
        await Expect(quote).ToHaveAttributeAsync("data-playable", "true");
        await quote.ClickAsync();
        await PlayingTurnAsync(page, scene.Answer.Id, part: 2, fromMs: 3079, beforeMs: ReplayScene.SecondMs);
        await Expect(page.Locator($"#turn-{scene.Answer.Id}")).ToBeInViewportAsync();
        await page.Context.CloseAsync();

        // An administrator plays the same through the admin area.
        var adminPage = await Fixture.NewPageAsync();
        var adminProblems = await BrowserFixture.WatchAsync(adminPage);
        await BrowserFixture.SignInAsync(adminPage, VoiceSiteFactory.AdminEmail, VoiceSiteFactory.AdminPassword);
        await adminPage.GotoAsync($"/Admin/Attempts/{scene.Conversation}");
        await adminPage.Locator($"#turn-{scene.Answer.Id} [data-role=seek]").ClickAsync();
        await PlayingTurnAsync(adminPage, scene.Answer.Id, part: 2, fromMs: 1450, beforeMs: ReplayScene.SecondMs);
        Assert.EndsWith($"/Admin/Conversations/{scene.Conversation}/recordings/2", await adminPage.EvaluateAsync<string>("() => document.querySelector('#replay audio').currentSrc"));
        await adminPage.Context.CloseAsync();

        Assert.Empty(problems);
        Assert.Empty(adminProblems);
    }
}
