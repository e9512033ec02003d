using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using VoiceSite.Data.Entities;
using VoiceSite.Scenarios;
using VoiceSite.Simulator;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Coaching;

/// <summary>The learner's side over HTTP: start at a difficulty, finish, feedback (polled), history, progress, practise again; and privacy.</summary>
public sealed partial class FeedbackPagesTests(CoachingSiteFactory site) : IClassFixture<CoachingSiteFactory>
{
    private Task<int> DemoIdAsync() => site.WithDbAsync(db => db.Scenarios.Where(s => s.Name == DemoScenario.Name).Select(s => s.Id).SingleAsync());

    /// <summary>Polls the feedback section as htmx does until it leaves waiting/running.</summary>
    private static async Task<string> SettledFeedbackAsync(HttpClient client, Guid id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/Conversations/{id}/Feedback?handler=Status");
            request.Headers.Add("HX-Request", "true");
            using var response = await client.SendAsync(request);
            var html = await response.Content.ReadAsStringAsync();
            Assert.StartsWith("<section id=\"feedback\"", html.TrimStart(), StringComparison.Ordinal);
            if (!html.Contains("data-state=\"waiting\"", StringComparison.Ordinal) && !html.Contains("data-state=\"running\"", StringComparison.Ordinal))
                return html;
            Assert.Contains("hx-trigger=\"every 2s\"", html, StringComparison.Ordinal);
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException("The feedback was not ready in time.");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task A_learner_starts_at_a_difficulty_finishes_reads_scored_feedback_sees_it_in_history_and_progress_and_practises_again()
    {
        site.Simulator.Chat.Evaluation = new EvaluationSimulatorOptions();
        var demo = await DemoIdAsync();
        var (user, client) = await site.CreateSignedInUserAsync();
        using var _ = client;

        // The start form shows the briefing and offers the levels; "hard" is chosen like a parameter.
        var start = await client.GetPageAsync($"/Scenarios/Start/{demo}");
        Assert.Contains("Your briefing", start, StringComparison.Ordinal);
        Assert.Contains("Your objective:", start, StringComparison.Ordinal);
        Assert.Contains("Administrators can review your conversations", start, StringComparison.Ordinal);
        var fields = HtmlForms.Fields(start, "start-form").Set("Values[candidate_name]", "Sam").Set("Values[difficulty]", "hard");
        using var started = await client.PostFormAsync($"/Scenarios/Start/{demo}", fields);
        var conversationUrl = LandedAt(started);
        var id = Guid.Parse(conversationUrl.Split('/')[^1]);
        var conversation = await site.WithDbAsync(db => db.Conversations.AsNoTracking().SingleAsync(c => c.Id == id));
        Assert.Equal("hard", conversation.Difficulty);
        Assert.Contains("Interview difficulty: hard.", conversation.Instructions, StringComparison.Ordinal);
        Assert.Contains("Difficulty: hard. Press politely for specifics", conversation.Instructions, StringComparison.Ordinal);
        Assert.Contains("software engineer position", conversation.Coaching.Briefing, StringComparison.Ordinal);
        Assert.Equal("Hi Sam, thanks for making the time today. Could you start by telling me a little about yourself?", conversation.Coaching.OpeningLine);

        // The conversation page: the briefing folded, the finish control.
        var page = await client.GetPageAsync(conversationUrl);
        Assert.Matches("<details class=\"briefing\" id=\"briefing\">\\s*<summary>Your briefing · hard</summary>", WebUtility.HtmlDecode(page));
        Assert.Contains("Finish and get feedback", page, StringComparison.Ordinal);

        var turns = await site.AddTurnsAsync(id,
            (TurnRole.Assistant, conversation.Coaching.OpeningLine),
            (TurnRole.User, "I'm Sam. I build payment systems, and last year I led a migration that halved our outages."),
            (TurnRole.Assistant, "How did you measure that?"),
            (TurnRole.User, "We tracked incidents per month before and after, over two quarters."));

        // Finish: the feedback page opens and fills in once scored.
        using var finished = await client.PostFormAsync($"/Conversations/{id}/Finish", [new(HtmlForms.TokenField, HtmlForms.AntiforgeryToken(page))]);
        Assert.Equal($"/Conversations/{id}/Feedback", LandedAt(finished));
        var feedback = await SettledFeedbackAsync(client, id);
        Assert.Contains("data-state=\"done\"", feedback, StringComparison.Ordinal);
        Assert.DoesNotContain("hx-trigger", feedback, StringComparison.Ordinal); // no more polling
        // 2 learner lines: criteria 70, 60, 50 with weights 3, 2, 1 -> 63, under the pass mark of 70.
        Assert.Matches("data-role=\"score\">63<small>/100</small>", feedback);
        Assert.Contains("Not passed yet", feedback, StringComparison.Ordinal);
        Assert.Contains("Try saying:", feedback, StringComparison.Ordinal);

        // Every quote links to a turn that the feedback page's transcript holds.
        var full = await client.GetPageAsync($"/Conversations/{id}/Feedback");
        var links = QuoteLinks().Matches(full).Select(m => Guid.Parse(m.Groups[1].Value)).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, turn => Assert.Contains($"id=\"turn-{turn}\"", full, StringComparison.Ordinal));
        Assert.Contains(turns[1].Id, links);

        // The conversation page now says it is finished and offers no talking.
        var after = await client.GetPageAsync(conversationUrl);
        Assert.Contains("This conversation is finished.", after, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"talk\"", after, StringComparison.Ordinal);

        // History and progress show the score.
        Assert.Contains("Score 63/100", await client.GetPageAsync("/Conversations"), StringComparison.Ordinal);
        var progress = await client.GetPageAsync($"/Scenarios/{demo}/Progress");
        Assert.Single(ChartPoints().Matches(progress));
        Assert.Contains("data-score=\"63\"", progress, StringComparison.Ordinal);

        // Practise again: a new conversation with the same values and level.
        using var again = await client.PostFormAsync($"/Conversations/{id}/Feedback?handler=PractiseAgain", [new(HtmlForms.TokenField, HtmlForms.AntiforgeryToken(full))]);
        var next = Guid.Parse(LandedAt(again).Split('/')[^1]);
        Assert.NotEqual(id, next);
        var copy = await site.WithDbAsync(db => db.Conversations.AsNoTracking().SingleAsync(c => c.Id == next));
        Assert.Equal(("hard", conversation.ScenarioId, conversation.Instructions), (copy.Difficulty, copy.ScenarioId, copy.Instructions));
        Assert.Equal(conversation.ParameterValues, copy.ParameterValues);
        Assert.Null(copy.FinishedAt);
    }

    [Fact]
    public async Task A_failed_evaluation_shows_why_and_try_again_scores_it()
    {
        var (user, client) = await site.CreateSignedInUserAsync();
        using var _ = client;
        site.Simulator.Chat.Evaluation = new EvaluationSimulatorOptions { Fault = EvaluationFault.InventQuote };
        var id = await site.StartDemoAsync(user);
        await site.AddTurnsAsync(id, (TurnRole.Assistant, "Tell me about yourself."), (TurnRole.User, "I enjoy hard problems."));
        await site.FinishAsync(id);

        var failed = await SettledFeedbackAsync(client, id);
        Assert.Contains("data-state=\"failed\"", failed, StringComparison.Ordinal);
        Assert.Contains("quoted words that were not said", failed, StringComparison.Ordinal);
        Assert.Contains("Try again", failed, StringComparison.Ordinal);

        site.Simulator.Chat.Evaluation = new EvaluationSimulatorOptions();
        var token = HtmlForms.AntiforgeryToken(await client.GetPageAsync($"/Conversations/{id}/Feedback"));
        using (var retried = await client.PostFormAsync($"/Conversations/{id}/Feedback?handler=Retry", [new(HtmlForms.TokenField, token)], htmx: true))
        {
            var html = await retried.Content.ReadAsStringAsync();
            Assert.StartsWith("<section id=\"feedback\"", html.TrimStart(), StringComparison.Ordinal);
            Assert.DoesNotContain("data-state=\"failed\"", html, StringComparison.Ordinal);
        }
        Assert.Contains("data-state=\"done\"", await SettledFeedbackAsync(client, id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_users_conversation_stays_not_found_on_every_coaching_handler()
    {
        var (owner, ownerClient) = await site.CreateSignedInUserAsync();
        ownerClient.Dispose();
        var id = await site.StartDemoAsync(owner);
        await site.AddTurnsAsync(id, (TurnRole.Assistant, "Hello."), (TurnRole.User, "Hi, I am ready."));
        var (_, other) = await site.CreateSignedInUserAsync();
        using var _ = other;
        var token = HtmlForms.AntiforgeryToken(await other.GetPageAsync("/Conversations"));

        foreach (var url in new[] { $"/Conversations/{id}/Feedback", $"/Conversations/{id}/Feedback?handler=Status", $"/Conversations/{id}/Finish", $"/Conversations/{id}" })
        {
            using var response = await other.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"GET {url} answered {(int)response.StatusCode}");
        }
        foreach (var url in new[] { $"/Conversations/{id}/Finish", $"/Conversations/{id}/Feedback?handler=Retry", $"/Conversations/{id}/Feedback?handler=PractiseAgain" })
        {
            using var response = await other.PostFormAsync(url, [new(HtmlForms.TokenField, token)]);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"POST {url} answered {(int)response.StatusCode}");
        }
        var untouched = await site.WithDbAsync(db => db.Conversations.AsNoTracking().SingleAsync(c => c.Id == id));
        Assert.Null(untouched.FinishedAt);
        Assert.Null(await site.JobAsync(id));
        // And their progress page shows only their own attempts.
        Assert.DoesNotContain(id.ToString(), await other.GetPageAsync($"/Scenarios/{await DemoIdAsync()}/Progress"), StringComparison.Ordinal);
    }

    /// <summary>Where a post led: its redirect (the Kestrel test client follows redirects itself, so also where it ended).</summary>
    private static string LandedAt(HttpResponseMessage response) =>
        response.RedirectTarget() ?? response.RequestMessage?.RequestUri?.PathAndQuery ?? throw new Xunit.Sdk.XunitException("No redirect.");

    [GeneratedRegex("href=\"#turn-([0-9a-f-]{36})\" data-role=\"quote-link\"")]
    private static partial Regex QuoteLinks();

    [GeneratedRegex("<circle class=\"point")]
    private static partial Regex ChartPoints();
}
