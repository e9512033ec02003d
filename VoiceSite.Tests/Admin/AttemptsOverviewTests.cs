using System.Net;
using Microsoft.EntityFrameworkCore;
using VoiceSite.Coaching;
using VoiceSite.Data.Entities;
using VoiceSite.Simulator;
using VoiceSite.Tests.Coaching;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Admin;

/// <summary>Trainers' overview of attempts across learners: filters, CSV, the read-only attempt; and learners kept out.</summary>
public sealed class AttemptsOverviewTests(CoachingSiteFactory site) : IClassFixture<CoachingSiteFactory>
{
    private async Task<(string Email, Guid Id)> ScoredAttemptAsync(int learnerTurns)
    {
        site.Simulator.Chat.Evaluation = new EvaluationSimulatorOptions();
        var (user, client) = await site.CreateSignedInUserAsync();
        client.Dispose();
        var id = await site.StartDemoAsync(user);
        var turns = new List<(TurnRole, string)> { (TurnRole.Assistant, "Tell me about yourself.") };
        for (var i = 0; i < learnerTurns; i++)
            turns.AddRange([(TurnRole.User, $"Answer number {i + 1}, with an example."), (TurnRole.Assistant, "Go on.")]);
        await site.AddTurnsAsync(id, [.. turns]);
        await site.FinishAsync(id);
        await site.WaitForJobAsync(id, j => j.State == JobState.Done);
        return (user.Email!, id);
    }

    [Fact]
    public async Task Administrators_see_every_learners_attempts_filter_them_export_csv_and_open_one_read_only()
    {
        // 1 learner line scores 60, 50, 40 -> 53 (not passed); 4 lines score 90, 80, 70 -> 83 (passed).
        var (weakEmail, weak) = await ScoredAttemptAsync(1);
        var (strongEmail, strong) = await ScoredAttemptAsync(4);
        var (openUser, openClient) = await site.CreateSignedInUserAsync();
        openClient.Dispose();
        var open = await site.CreateConversationAsync(openUser.Email!);
        using var admin = await AdminClient.SignInAsync(site);

        var all = await admin.GetPageAsync("/Admin/Attempts");
        foreach (var (email, id) in new[] { (weakEmail, weak), (strongEmail, strong), (openUser.Email!, open) })
        {
            Assert.Contains($"data-attempt=\"{id}\"", all, StringComparison.Ordinal);
            Assert.Contains(email, all, StringComparison.Ordinal);
        }
        Assert.Contains("53/100", all, StringComparison.Ordinal);
        Assert.Contains("83/100", all, StringComparison.Ordinal);

        var passed = await admin.GetPageAsync("/Admin/Attempts?Result=Passed");
        Assert.Contains($"data-attempt=\"{strong}\"", passed, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-attempt=\"{weak}\"", passed, StringComparison.Ordinal);
        var byLearner = await admin.GetPageAsync($"/Admin/Attempts?Learner={Uri.EscapeDataString(weakEmail[..12].ToUpperInvariant())}");
        Assert.Contains($"data-attempt=\"{weak}\"", byLearner, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-attempt=\"{strong}\"", byLearner, StringComparison.Ordinal);
        var other = await site.CreateScenarioAsync();
        Assert.DoesNotContain("data-attempt", await admin.GetPageAsync($"/Admin/Attempts?Scenario={other}"), StringComparison.Ordinal);
        var tomorrow = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd");
        Assert.DoesNotContain("data-attempt", await admin.GetPageAsync($"/Admin/Attempts?From={tomorrow}"), StringComparison.Ordinal);

        // CSV of the same filter.
        using var csv = await admin.GetAsync("/Admin/Attempts?handler=Csv&Result=NotPassed");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Contains("attachment", csv.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        var lines = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n".ToCharArray(), StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Started (UTC),Learner,Scenario,Difficulty,Duration (s),Finished by,Score,Passed,Feedback,Conversation", lines[0]);
        var row = Assert.Single(lines, l => l.EndsWith(weak.ToString(), StringComparison.Ordinal)).Split(',');
        Assert.Equal([weakEmail, "Job interview practice", "medium", "3", "learner", "53", "no", "scored"], row[1..9]);
        Assert.DoesNotContain(lines, l => l.EndsWith(strong.ToString(), StringComparison.Ordinal));

        // One attempt, read-only: the learner, the transcript, the feedback with its quotes; nothing to press.
        var detail = await admin.GetPageAsync($"/Admin/Attempts/{strong}");
        Assert.Contains(strongEmail, detail, StringComparison.Ordinal);
        Assert.Contains("Read-only", detail, StringComparison.Ordinal);
        Assert.Contains("data-state=\"done\"", detail, StringComparison.Ordinal);
        Assert.Contains("Answer number 4, with an example.", detail, StringComparison.Ordinal);
        Assert.Contains("data-role=\"quote-link\"", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Try again", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Practise again", detail, StringComparison.Ordinal);
        Assert.All(System.Text.RegularExpressions.Regex.Matches(detail, "<form[^>]*>").Select(m => m.Value),
            form => Assert.Contains("/Account/Logout", form, StringComparison.Ordinal)); // only the layout's sign-out
        using (var missing = await admin.GetAsync($"/Admin/Attempts/{Guid.NewGuid()}"))
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Learners_cannot_open_the_overview_the_csv_or_someone_elses_attempt()
    {
        var (_, id) = await ScoredAttemptAsync(1);
        var (_, learner) = await site.CreateSignedInUserAsync();
        using var _ = learner;
        foreach (var url in new[] { "/Admin/Attempts", "/Admin/Attempts?handler=Csv", $"/Admin/Attempts/{id}" })
        {
            using var response = await learner.GetAsync(url);
            var landed = response.RedirectTarget() ?? response.RequestMessage!.RequestUri!.PathAndQuery;
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden || landed.StartsWith("/Account/AccessDenied", StringComparison.Ordinal),
                $"GET {url} answered {(int)response.StatusCode} at {landed}");
        }
        using var feedback = await learner.GetAsync($"/Conversations/{id}/Feedback");
        Assert.Equal(HttpStatusCode.NotFound, feedback.StatusCode);
    }
}
