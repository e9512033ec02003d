using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using VoiceSite.Data.Entities;
using VoiceSite.Tests.Coaching;
using VoiceSite.Tests.Infrastructure;
using VoiceSite.Tests.Recordings;

namespace VoiceSite.Tests.Browser;

/// <summary>
/// axe-core over every page, as each kind of visitor sees it (signed out, a learner, an administrator; the
/// conversation page before and during a session; phone and desk widths): no serious or critical violation.
/// The checks are split over the three browser collections (see <see cref="BrowserCollection"/>) so they run beside each other.
/// </summary>
public abstract class AccessibilityChecks(BrowserFixture browser) : BrowserTest(browser)
{
    protected async Task VisitorAndLearnerPagesAsync(int width, int height)
    {
        var problems = new List<string>();
        var anonymous = await Fixture.NewPageAsync(width, height);
        foreach (var url in new[] { "/", "/Account/Login", "/Account/Register", "/Error?code=404" })
            problems.AddRange(await CheckAsync(anonymous, url));

        var (user, _) = await Fixture.Site.CreateSignedInUserAsync();
        var page = await Fixture.NewPageAsync(width, height);
        await BrowserFixture.SignInAsync(page, user.Email!);
        var demo = await Fixture.Site.WithDbAsync(db => Task.FromResult(db.Scenarios.Single(s => s.Name == VoiceSite.Scenarios.DemoScenario.Name).Id));
        var conversation = await Fixture.Site.StartDemoAsync(user);
        var finished = await Fixture.Site.StartDemoAsync(user);
        await Fixture.Site.AddTurnsAsync(finished,
            (TurnRole.Assistant, "Hi Sam, thanks for coming in. Tell me about yourself."),
            (TurnRole.User, "I build reliable backend services and I enjoy mentoring."),
            (TurnRole.Assistant, "What was your hardest project?"),
            (TurnRole.User, "A payments migration with zero downtime, which we shipped on time."));
        await Fixture.Site.FinishAsync(finished);
        await Fixture.Site.WaitForJobAsync(finished, j => j.State == JobState.Done, timeoutSeconds: 60);

        var replay = await ReplayScene.CreateAsync(Fixture.Site, user.Email!); // recorded and scored: the player on both pages

        foreach (var url in new[] { "/", "/Scenarios", $"/Scenarios/Start/{demo}", "/Conversations", $"/Conversations/{conversation}",
                     $"/Conversations/{finished}", $"/Conversations/{finished}/Feedback", $"/Scenarios/{demo}/Progress",
                     $"/Conversations/{replay.Conversation}", $"/Conversations/{replay.Conversation}/Feedback" })
            problems.AddRange(await CheckAsync(page, url));

        // The conversation page while talking: the live states, captions and controls.
        await page.GotoAsync($"/Conversations/{conversation}");
        await page.ClickAsync("[data-action=connect]");
        await BrowserFixture.WaitForStatsAsync(page, "s => s.mode !== null && s.caption.length > 0");
        problems.AddRange(await CheckAsync(page, null));
        await page.ClickAsync("[data-action=disconnect]");

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    protected async Task AdministratorPagesAsync()
    {
        var page = await Fixture.NewPageAsync();
        await BrowserFixture.SignInAsync(page, VoiceSiteFactory.AdminEmail, VoiceSiteFactory.AdminPassword);
        var scenario = await Fixture.Site.CreateScenarioAsync();
        var (learner, _) = await Fixture.Site.CreateSignedInUserAsync();
        var attempt = await ReplayScene.CreateAsync(Fixture.Site, learner.Email!);
        var problems = new List<string>();
        foreach (var url in new[] { "/Admin/Scenarios", "/Admin/Scenarios/Edit", $"/Admin/Scenarios/Edit/{scenario}", $"/Admin/Scenarios/Delete/{scenario}",
                     "/Admin/Usage", "/Admin/Attempts", $"/Admin/Attempts/{attempt.Conversation}", "/Admin/Dashboard" })
            problems.AddRange(await CheckAsync(page, url));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>
    /// The WCAG 2.x A and AA rules plus axe's best practices, reporting violations only (collecting every passing node
    /// is most of axe's time on a long page).
    /// </summary>
    private static readonly AxeRunOptions Options = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
        ResultTypes = [ResultType.Violations],
    };

    /// <summary>The serious and critical violations on a page (the current one when <paramref name="url"/> is null).</summary>
    private static async Task<IEnumerable<string>> CheckAsync(IPage page, string? url)
    {
        if (url is not null)
            await page.GotoAsync(url);
        var results = await page.RunAxe(Options);
        return results.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{url ?? page.Url} [{page.ViewportSize?.Width}px]: {v.Id} ({v.Impact}) {v.Help}: " +
                string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html)));
    }
}

[Collection(BrowserCollection.Name)]
public sealed class DeskAccessibilityTests(BrowserFixture browser) : AccessibilityChecks(browser)
{
    [Fact]
    public Task Pages_for_visitors_and_learners_on_a_desk_have_no_serious_accessibility_violations() => VisitorAndLearnerPagesAsync(1280, 800);
}

[Collection(BrowserJourneysCollection.Name)]
public sealed class PhoneAccessibilityTests(BrowserFixture browser) : AccessibilityChecks(browser)
{
    [Fact]
    public Task Pages_for_visitors_and_learners_on_a_phone_have_no_serious_accessibility_violations() => VisitorAndLearnerPagesAsync(390, 844);
}

[Collection(BrowserPagesCollection.Name)]
public sealed class AdministratorAccessibilityTests(BrowserFixture browser) : AccessibilityChecks(browser)
{
    [Fact]
    public Task Administrator_pages_have_no_serious_accessibility_violations() => AdministratorPagesAsync();
}
