using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using VoiceSite.Data.Entities;
using VoiceSite.Scenarios;
using VoiceSite.Simulator;
using VoiceSite.Tests.Coaching;
using VoiceSite.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace VoiceSite.Tests.Browser;

/// <summary>
/// The learner's whole journey in real Chromium, as a person does it: read the briefing, start at a chosen difficulty,
/// hear the AI speak first, talk, finish, and read the scored feedback whose quotes lead to the turns. Both voice modes.
/// In the browser collection, so it never plays audio alongside the other browser tests.
/// </summary>
[Collection(BrowserJourneysCollection.Name)]
public sealed partial class CoachingJourneyBrowserTests(CoachingBrowserFixture browser) : IClassFixture<CoachingBrowserFixture>
{
    private const string OpeningLine = "Hi Robin, thanks for making the time today. Could you start by telling me a little about yourself?";

    [Theory]
    [InlineData("realtime")]
    [InlineData("pipeline")]
    public async Task Briefing_difficulty_AI_first_talk_finish_and_scored_feedback_with_quotes_linking_to_turns(string mode)
    {
        var site = browser.Site;
        site.Simulator.Chat.Evaluation = new EvaluationSimulatorOptions();
        site.Simulator.Tts.PaceFactor = 0;
        var (user, client) = await site.CreateSignedInUserAsync();
        client.Dispose();
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, user.Email!);

        // Pick the scenario; the start page briefs the learner before anything else.
        await page.GotoAsync("/Scenarios");
        await page.Locator("article", new() { HasText = DemoScenario.Name }).GetByRole(AriaRole.Link, new() { Name = "Start" }).ClickAsync();
        var briefing = page.Locator("#briefing");
        await Expect(briefing.GetByRole(AriaRole.Heading, new() { Name = "Your briefing" })).ToBeVisibleAsync();
        await Expect(briefing).ToContainTextAsync("Your interviewer is Jordan Lee");
        await Expect(briefing.Locator("[data-role=objective]")).ToContainTextAsync("Earn a second interview");
        await page.GetByLabel("Your name").FillAsync("Robin");
        await page.GetByLabel("Difficulty", new() { Exact = true }).SelectOptionAsync("easy");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start the conversation" }).ClickAsync();

        // The conversation page: the briefing folded, open on request.
        await page.WaitForURLAsync(new Regex("/Conversations/[0-9a-f-]{36}$"));
        var id = Guid.Parse(page.Url.Split('/')[^1]);
        await Expect(page.Locator("details#briefing summary")).ToHaveTextAsync("Your briefing · easy");
        await Expect(page.Locator("details#briefing [data-role=objective]")).ToBeHiddenAsync();
        await page.Locator("details#briefing summary").ClickAsync();
        await Expect(page.Locator("details#briefing [data-role=objective]")).ToBeVisibleAsync();

        // Connect: the AI opens, before the learner (whose microphone is silent for the first seconds) says anything.
        await page.ClickAsync($"[data-mode-option={mode}]");
        await Expect(page.Locator("#mode-toggle [data-mode]")).ToHaveAttributeAsync("data-mode", mode);
        await page.ClickAsync("[data-action=connect]");
        await Expect(page.Locator("[data-role=live-assistant]")).ToHaveTextAsync(OpeningLine, new() { Timeout = 20_000 });
        await Expect(page.Locator("[data-role=live-user]")).ToBeHiddenAsync();
        await BrowserFixture.WaitForStatsAsync(page, "s => s.playedSamples > 48000");

        // The learner speaks; the AI answers; both are stored after the opening.
        await Expect(page.Locator("[data-role=live-user]")).ToHaveTextAsync(BrowserFixture.SpeechTranscript(), new() { Timeout = 30_000 });
        await Expect(page.Locator("[data-role=live-assistant]")).ToContainTextAsync("Simulated reply 2", new() { Timeout = 30_000 });
        await site.WaitForTurnAsync(id, t => t.Role == TurnRole.Assistant && t.Text.StartsWith("Simulated reply 2", StringComparison.Ordinal), timeoutSeconds: 30);
        var turns = await site.TurnsAsync(id);
        Assert.Equal(OpeningLine, turns[0].Text);
        Assert.Equal(TurnRole.Assistant, turns[0].Role);
        Assert.False(turns[0].Interrupted);
        Assert.Equal(TurnRole.User, turns[1].Role);

        // Finish: the live session is ended first, then the feedback page fills in by itself.
        await page.GetByRole(AriaRole.Button, new() { Name = "Finish and get feedback" }).ClickAsync();
        await page.WaitForURLAsync($"**/Conversations/{id}/Feedback");
        var feedback = page.Locator("#feedback");
        await Expect(feedback).ToHaveAttributeAsync("data-state", "done", new() { Timeout = 30_000 });
        // One learner line: the simulator scores 60, 50, 40 (weights 3, 2, 1) -> 53, under the pass mark of 70.
        await Expect(feedback.Locator("[data-role=score]")).ToHaveTextAsync("53/100");
        await Expect(feedback.Locator("[data-role=result]")).ToHaveTextAsync("Not passed yet");
        await Expect(feedback.GetByText("Try saying:")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Practise again" })).ToBeVisibleAsync();

        // A quote leads to its turn in the transcript below.
        var link = feedback.Locator("[data-role=quote-link]").First;
        var target = (await link.GetAttributeAsync("href"))!;
        await link.ClickAsync();
        await page.WaitForURLAsync($"**{target}");
        var turn = page.Locator(target);
        await Expect(turn).ToBeInViewportAsync();
        await Expect(turn.Locator(".text")).ToHaveTextAsync(BrowserFixture.SpeechTranscript());
        Assert.Equal(turns[1].Id.ToString(), target["#turn-".Length..]);

        // On a phone, the feedback fits the screen.
        await page.SetViewportSizeAsync(390, 844);
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the feedback page is {overflow} px wider than a 390 px screen");
        Assert.NotNull(await site.WithDbAsync(db => db.Evaluations.AsNoTracking().FirstOrDefaultAsync(e => e.ConversationId == id)));
        await page.Context.CloseAsync();
    }
}
