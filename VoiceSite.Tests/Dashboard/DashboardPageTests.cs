using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using VoiceSite.Data.Entities;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Dashboard;

/// <summary>
/// Issue 14, item 4: /Admin/Dashboard is for administrators only, shows the figures with a table beside each chart (the
/// chart data as JSON in an attribute, no inline script), answers htmx with its partials, and its prices (and the
/// telemetry exporters' settings) are checked at start.
/// </summary>
public sealed partial class DashboardPageTests(PricedSiteFactory site) : IClassFixture<PricedSiteFactory>
{
    [Fact]
    public async Task An_administrator_sees_the_figures_beside_their_charts()
    {
        var scenario = await site.CreateScenarioAsync(name: $"Priced {Guid.NewGuid():N}"[..14]);
        var user = await site.CreateUserAsync($"page-{Guid.NewGuid():N}@test.local");
        var name = await site.WithDbAsync(db => Task.FromResult(db.Scenarios.Single(s => s.Id == scenario).Name));
        await site.CreateConversationAsync(user.Email!, c =>
        {
            c.ScenarioId = scenario;
            c.Turns.Add(new Turn { Role = TurnRole.User, Mode = VoiceMode.Realtime, Text = "hi", StartedAt = DateTime.UtcNow.AddMinutes(-2), Sequence = 1 });
            c.Turns.Add(new Turn
            {
                Role = TurnRole.Assistant, Mode = VoiceMode.Realtime, Text = "hello", StartedAt = DateTime.UtcNow.AddMinutes(-1), Sequence = 2,
                ResponseLatencyMs = 420, InputTokens = 100_000, OutputTokens = 50_000,
            });
            // In Classic mode: 15 minutes of audio to speech to text, 25,000 characters to text to speech; then scored.
            c.Turns.Add(new Turn { Role = TurnRole.User, Mode = VoiceMode.Pipeline, Text = "and", StartedAt = DateTime.UtcNow.AddSeconds(-50), Sequence = 3, SttAudioMs = 900_000 });
            c.Turns.Add(new Turn { Role = TurnRole.Assistant, Mode = VoiceMode.Pipeline, Text = "so", StartedAt = DateTime.UtcNow.AddSeconds(-40), Sequence = 4, TtsCharacters = 25_000 });
            c.FinishedAt = DateTime.UtcNow.AddSeconds(-30);
            c.ScoringInputTokens = 100_000;
            c.ScoringOutputTokens = 100_000;
        });
        using var admin = await site.CreateSignedInClientAsync(VoiceSiteFactory.AdminEmail, VoiceSiteFactory.AdminPassword);

        var html = await admin.GetPageAsync("/Admin/Dashboard");

        Assert.Contains("href=\"/Admin/Dashboard\"", html, StringComparison.Ordinal); // in the admin nav
        foreach (var id in new[] { "live", "per-day", "latency-day", "latency-week", "costs", "errors", "errors-per-day" })
            Assert.Contains($"id=\"{id}\"", html, StringComparison.Ordinal);
        // Replies: 100,000 x 10 + 50,000 x 20 per million = 2 EUR; speech to text 15 min at 2.40 an hour = 0.60; text to
        // speech 25,000 characters at 20 per million = 0.50; scoring 100,000 x 3 + 100,000 x 6 per million = 0.90: 4.00 in all.
        Assert.Matches($@"<td>{Regex.Escape(name)}</td><td>2\.00</td><td>0\.60</td>\s*<td>0\.50</td><td>0\.90</td><td>4\.00</td>", html);
        Assert.Matches($@"<td>{Regex.Escape(name)}</td><td>2</td><td>100,000</td>\s*<td>50,000</td><td>15</td><td>25,000</td>\s*<td>1</td><td>100,000</td><td>100,000</td>", html);
        Assert.Contains("<th>Total (EUR)</th>", html, StringComparison.Ordinal);
        Assert.Matches(@"<tfoot>\s*<tr><th scope=""row"">Total</th><td>[\d,.]+</td>", html);
        Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)[^>]*>", html); // every script is a file (CSP)

        var charts = ChartData().Matches(html).Select(m => JsonDocument.Parse(WebUtility.HtmlDecode(m.Groups[1].Value))).ToList();
        Assert.Equal(6, charts.Count); // turns, minutes, latency day and week, cost, errors
        Assert.All(charts, c => Assert.True(c.RootElement.GetProperty("labels").GetArrayLength() > 0));
        // The cost chart: one stacked bar per scenario, a series per thing billed, in the currency.
        var cost = Assert.Single(charts, c => c.RootElement.GetProperty("unit").GetString() == "EUR").RootElement;
        Assert.True(cost.GetProperty("stacked").GetBoolean());
        Assert.Equal(["Replies' tokens", "Speech to text", "Text to speech", "Scoring"],
            cost.GetProperty("datasets").EnumerateArray().Select(d => d.GetProperty("label").GetString()));
        var row = cost.GetProperty("labels").EnumerateArray().Select(l => l.GetString()).ToList().IndexOf(name);
        Assert.Equal([2.0, 0.6, 0.5, 0.9], cost.GetProperty("datasets").EnumerateArray().Select(d => d.GetProperty("data")[row].GetDouble()));
        // The two latency charts (last day, last week): the first series is p50, the first label Natural mode's response time.
        var latency = charts.Where(c => c.RootElement.GetProperty("unit").GetString() == "ms").ToList();
        Assert.Equal(2, latency.Count);
        Assert.All(latency, c =>
        {
            Assert.StartsWith("Natural", c.RootElement.GetProperty("labels")[0].GetString(), StringComparison.Ordinal);
            Assert.Equal("p50", c.RootElement.GetProperty("datasets")[0].GetProperty("label").GetString());
            Assert.Equal(420, c.RootElement.GetProperty("datasets")[0].GetProperty("data")[0].GetDouble()); // the one reply
        });
    }

    [Fact]
    public async Task Htmx_gets_the_figures_of_another_period_and_the_live_sessions_as_partials()
    {
        using var admin = await site.CreateSignedInClientAsync(VoiceSiteFactory.AdminEmail, VoiceSiteFactory.AdminPassword);
        admin.DefaultRequestHeaders.Add("HX-Request", "true");

        var figures = await admin.GetPageAsync("/Admin/Dashboard?days=30");
        Assert.StartsWith("<div id=\"figures\"", figures.TrimStart(), StringComparison.Ordinal);
        Assert.DoesNotContain("<html", figures, StringComparison.Ordinal);
        Assert.Equal(30, Regex.Matches(Regex.Match(figures, "<table id=\"per-day\">.*?</table>", RegexOptions.Singleline).Value, "<tr><td>").Count);

        var live = await admin.GetPageAsync("/Admin/Dashboard?handler=Live");
        Assert.StartsWith("<section id=\"live\"", live.TrimStart(), StringComparison.Ordinal);
        Assert.Contains("<span class=\"stat-value\" id=\"live-total\">0</span>", live, StringComparison.Ordinal);

        // A period the page does not offer falls back to the default (14 days).
        var odd = await admin.GetPageAsync("/Admin/Dashboard?days=100000");
        Assert.Equal(14, Regex.Matches(Regex.Match(odd, "<table id=\"per-day\">.*?</table>", RegexOptions.Singleline).Value, "<tr><td>").Count);
    }

    [Fact]
    public async Task People_who_are_not_administrators_are_refused()
    {
        var (_, user) = await site.CreateSignedInUserAsync();
        using (user)
        {
            foreach (var url in new[] { "/Admin/Dashboard", "/Admin/Dashboard?handler=Live" })
            {
                using var response = await user.GetAsync(url);
                if (response.StatusCode != HttpStatusCode.Forbidden)
                {
                    Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                    Assert.StartsWith("/Account/AccessDenied", response.RedirectTarget(), StringComparison.Ordinal);
                }
            }
            Assert.DoesNotContain("/Admin/Dashboard", await user.GetPageAsync("/"), StringComparison.Ordinal);
        }
        using var anonymous = site.CreateClient(new() { AllowAutoRedirect = false });
        using var signIn = await anonymous.GetAsync("/Admin/Dashboard");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.StartsWith("/Account/Login", signIn.RedirectTarget(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Pricing:Realtime:InputPer1M", "-1", "Pricing:Realtime:InputPer1M")]
    [InlineData("Pricing:Pipeline:OutputPer1M", "20000", "Pricing:Pipeline:OutputPer1M")]
    [InlineData("Pricing:Scoring:InputPer1M", "-0.01", "Pricing:Scoring:InputPer1M must be a price per million tokens from 0 to 10000")]
    [InlineData("Pricing:SpeechToTextPerHour", "-1", "Pricing:SpeechToTextPerHour must be a price per hour of audio from 0 to 1000")]
    [InlineData("Pricing:SpeechToTextPerHour", "36000", "Pricing:SpeechToTextPerHour must be a price per hour of audio from 0 to 1000")]
    [InlineData("Pricing:TextToSpeechPer1MCharacters", "15000000", "Pricing:TextToSpeechPer1MCharacters must be a price per million characters from 0 to 10000")]
    [InlineData("Pricing:Currency", "euro", "Pricing:Currency")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "localhost:4317", "OTEL_EXPORTER_OTLP_ENDPOINT")]
    [InlineData("APPLICATIONINSIGHTS_CONNECTION_STRING", "not-a-connection-string", "APPLICATIONINSIGHTS_CONNECTION_STRING")]
    public async Task A_wrong_price_or_exporter_setting_stops_the_site_at_start_naming_it(string key, string value, string named)
    {
        await using var wrong = new VoiceSiteFactory();
        wrong.Settings[key] = value;
        var error = Assert.Throws<OptionsValidationException>(() => wrong.CreateClient());
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [GeneratedRegex("data-chart=\"([^\"]*)\"")]
    private static partial Regex ChartData();
}
