using Microsoft.Playwright;
using VoiceSite.Data.Entities;
using VoiceSite.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace VoiceSite.Tests.Browser;

/// <summary>
/// Issue 14, item 4: the admin dashboard in real Chromium on a 390 px phone: reached from the admin nav, every chart drawn
/// by Chart.js, the cost per scenario read by what was billed (replies' tokens, speech to text, text to speech, scoring), the
/// period changed through htmx and back again (charts drawn each time), no console error, no Content-Security-Policy
/// violation, nothing wider than the screen.
/// </summary>
[Collection(BrowserPagesCollection.Name)]
public sealed class DashboardBrowserTests(BrowserFixture browser) : BrowserTest(browser)
{
    private const int PhoneWidth = 390;

    [Fact]
    public async Task An_administrator_reads_the_dashboard_on_a_phone_with_every_chart_drawn_and_no_csp_violation()
    {
        var costed = await SeedAsync();
        var page = await Fixture.NewPageAsync(PhoneWidth, 844);
        var problems = new List<string>();
        page.Console += (_, m) => { if (m.Type is "error" or "warning") problems.Add($"console {m.Type}: {m.Text}"); };
        page.PageError += (_, e) => problems.Add($"page error: {e}");
        // Added by Playwright through the DevTools protocol, so the CSP does not apply to this script itself.
        await page.AddInitScriptAsync("""
            window.__csp = [];
            document.addEventListener('securitypolicyviolation', e => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
            """);
        await BrowserFixture.SignInAsync(page, VoiceSiteFactory.AdminEmail, VoiceSiteFactory.AdminPassword);

        await page.GetByRole(AriaRole.Link, new() { Name = "Dashboard", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#per-day tbody tr")).ToHaveCountAsync(14);
        await WaitForChartsAsync(page, 6);
        Assert.Equal(6, await DrawnChartsAsync(page));
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Bar chart of turns per day by mode; the table beside it has the figures." })).ToBeVisibleAsync();
        // A count (the browser fixture's site is shared: other tests' sessions may still be live; the page tests check the figure).
        await Expect(page.Locator("#live-total")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+$"));

        // The cost of the seeded scenario by what was billed, at the default (list) prices in USD: 1,000,000 reply input
        // tokens at 0.15 = 0.15; 30 minutes of speech to text at 1.00 an hour = 0.50; 100,000 characters of text to speech
        // at 15 per million = 1.50; 2,000,000 scoring input tokens at 0.15 = 0.30. The wide table scrolls in its own box.
        Assert.Equal(["Scenario", "Replies' tokens", "Speech to text", "Text to speech", "Scoring", "Total (USD)"],
            await page.Locator("#costs thead th").AllInnerTextsAsync());
        var cells = page.Locator("#costs tbody tr").Filter(new() { HasText = costed }).Locator("td");
        Assert.Equal([costed, "0.15", "0.50", "1.50", "0.30", "2.45"], await cells.AllInnerTextsAsync());
        await cells.Last.ScrollIntoViewIfNeededAsync();
        await Expect(cells.Last).ToBeInViewportAsync();
        var billed = page.Locator("#cost-quantities tbody tr").Filter(new() { HasText = costed }).Locator("td");
        Assert.Equal([costed, "1", "1,000,000", "0", "30", "100,000", "1", "2,000,000", "0"], await billed.AllInnerTextsAsync());
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Estimated cost per scenario in USD, by what was billed" })).ToBeVisibleAsync();

        // Another period through htmx: the figures are swapped in and their charts drawn again.
        await page.GetByLabel("Period").SelectOptionAsync("30");
        await Expect(page.Locator("#per-day tbody tr")).ToHaveCountAsync(30);
        await WaitForChartsAsync(page, 6);
        Assert.Equal(6, await DrawnChartsAsync(page));
        Assert.Contains("days=30", page.Url, StringComparison.Ordinal);

        // Back: the page keeps no htmx snapshot (it would hold Chart.js's style attributes), so it comes afresh, drawn.
        await page.GoBackAsync();
        await Expect(page.Locator("#per-day tbody tr")).ToHaveCountAsync(14);
        await Expect(page.Locator("h1")).ToHaveCountAsync(1);
        await WaitForChartsAsync(page, 6);
        Assert.Equal(6, await DrawnChartsAsync(page));

        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= PhoneWidth, $"the page is {width} px wide on a {PhoneWidth} px screen");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath("dashboard-phone.png"), FullPage = true });

        var violations = await page.EvaluateAsync<string[]>("() => window.__csp");
        Assert.Empty(violations);
        Assert.Empty(problems);
    }

    /// <summary>Waits until <paramref name="count"/> canvases have a Chart.js chart with a drawn (non-zero) size.</summary>
    private static Task WaitForChartsAsync(IPage page, int count) => page.WaitForFunctionAsync(
        "n => window.Chart && [...document.querySelectorAll('canvas[data-chart]')].filter(c => window.Chart.getChart(c) && c.width > 0 && c.height > 0).length === n",
        count);

    /// <summary>Charts whose canvas has non-blank pixels (Chart.js really drew on it).</summary>
    private static Task<int> DrawnChartsAsync(IPage page) => page.EvaluateAsync<int>("""
        () => [...document.querySelectorAll('canvas[data-chart]')].filter(c => {
          const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
          return false;
        }).length
        """);

    /// <summary>
    /// A realtime and a pipeline exchange today, with latency and tokens, so every chart has something to draw; and a
    /// scored Classic conversation in a scenario of its own (returns its name) with speech billed.
    /// </summary>
    private async Task<string> SeedAsync()
    {
        var name = $"Costed {Guid.NewGuid():N}"[..15];
        var scenario = await Fixture.Site.CreateScenarioAsync(name: name);
        var user = await Fixture.Site.CreateUserAsync($"dash-{Guid.NewGuid():N}@test.local");
        var now = DateTime.UtcNow;
        await Fixture.Site.CreateConversationAsync(user.Email!, c =>
        {
            var sequence = 0;
            foreach (var (mode, latency) in new[] { (VoiceMode.Realtime, 350), (VoiceMode.Pipeline, 900) })
            {
                c.Turns.Add(new Turn { Role = TurnRole.User, Mode = mode, Text = "hello", StartedAt = now.AddMinutes(-5), Sequence = ++sequence, SttLatencyMs = 200 });
                c.Turns.Add(new Turn
                {
                    Role = TurnRole.Assistant, Mode = mode, Text = "hi", StartedAt = now.AddMinutes(-4), Sequence = ++sequence,
                    ResponseLatencyMs = latency, ChatFirstTokenMs = 150, TtsFirstByteMs = 120, InputTokens = 2_000, OutputTokens = 500,
                });
            }
        });
        await Fixture.Site.CreateConversationAsync(user.Email!, c =>
        {
            c.ScenarioId = scenario;
            c.Turns.Add(new Turn { Role = TurnRole.User, Mode = VoiceMode.Pipeline, Text = "hello", StartedAt = now.AddMinutes(-3), Sequence = 1, SttAudioMs = 1_800_000 });
            c.Turns.Add(new Turn
            {
                Role = TurnRole.Assistant, Mode = VoiceMode.Pipeline, Text = "hi", StartedAt = now.AddMinutes(-2), Sequence = 2,
                InputTokens = 1_000_000, OutputTokens = 0, TtsCharacters = 100_000,
            });
            c.FinishedAt = now.AddMinutes(-1);
            c.ScoringInputTokens = 2_000_000;
        });
        return name;
    }
}
