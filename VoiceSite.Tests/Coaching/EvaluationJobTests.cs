using System.Text.Json;
using VoiceSite.Coaching;
using Microsoft.Extensions.DependencyInjection;
using VoiceSite.Data.Entities;
using VoiceSite.Simulator;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Coaching;

/// <summary>The evaluation as a durable job against the simulated chat service: scoring, quotes, retries, rejection.</summary>
public sealed class EvaluationJobTests(CoachingSiteFactory site) : IClassFixture<CoachingSiteFactory>
{
    private async Task<(Guid Id, List<Turn> Turns)> SpokenConversationAsync()
    {
        site.Simulator.Chat.Evaluation = new EvaluationSimulatorOptions();
        var (user, _) = await site.CreateSignedInUserAsync();
        var id = await site.StartDemoAsync(user);
        var turns = await site.AddTurnsAsync(id,
            (TurnRole.Assistant, "Hi Sam, thanks for making the time today. Could you start by telling me a little about yourself?"),
            (TurnRole.User, "Sure. I'm a backend developer, and last year I cut our API's response time by forty percent."),
            (TurnRole.Assistant, "Impressive. How did you go about it?"),
            (TurnRole.User, "I profiled the slowest endpoints, then added caching where reads dominated."),
            (TurnRole.Tool, "Not a line to quote."),
            (TurnRole.User, "What does the team look like, and how do you review code?"));
        return (id, turns);
    }

    [Fact]
    public async Task A_finished_conversation_is_scored_with_weighted_criteria_and_real_quotes_and_the_request_carries_the_schema()
    {
        var (id, turns) = await SpokenConversationAsync();
        var requestsBefore = site.Journal.Requests.Count;

        Assert.Equal(FinishOutcome.Finished, await site.FinishAsync(id));
        var job = await site.WaitForJobAsync(id, j => j.State == JobState.Done);
        Assert.Equal(1, job.Attempts);

        // The simulator scores criterion i at 50 + 10 x 3 learner lines - 10 i: 80, 70, 60; weights 3, 2, 1 -> 73.
        var evaluation = (await site.EvaluationAsync(id))!;
        Assert.Equal([80, 70, 60], evaluation.Criteria.OrderBy(c => c.Position).Select(c => c.Score));
        Assert.Equal(["Concrete examples", "Clear answers", "Engagement"], evaluation.Criteria.OrderBy(c => c.Position).Select(c => c.Name));
        Assert.Equal(73, evaluation.Score);
        Assert.Equal(70, evaluation.PassMark);
        Assert.True(evaluation.Passed);
        var learner = turns.Where(t => t.Role == TurnRole.User).ToList();
        var evidence = evaluation.Criteria.OrderBy(c => c.Position).Select(c => Assert.Single(c.Evidence)).ToList();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(learner[i].Id, evidence[i].TurnId);
            Assert.Equal(learner[i].Text, evidence[i].Quote);
        }
        var improvement = Assert.Single(evaluation.Notes, n => n.Kind == EvaluationNoteKind.Improvement);
        Assert.Equal(learner[0].Id, improvement.TurnId);
        Assert.False(string.IsNullOrWhiteSpace(improvement.BetterPhrasing));
        Assert.Single(evaluation.Notes, n => n.Kind == EvaluationNoteKind.Strength);

        // The request asked for structured output with the rubric's criteria as the only names allowed.
        var request = site.Journal.Requests.Skip(requestsBefore).Last(r => r.Service == "chat");
        using var body = JsonDocument.Parse(request.Body);
        var format = body.RootElement.GetProperty("response_format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        var schema = format.GetProperty("json_schema");
        Assert.Equal(EvaluationSchema.Name, schema.GetProperty("name").GetString());
        Assert.True(schema.GetProperty("strict").GetBoolean());
        var criterion = schema.GetProperty("schema").GetProperty("properties").GetProperty("criteria").GetProperty("items");
        Assert.Equal(["Concrete examples", "Clear answers", "Engagement"],
            criterion.GetProperty("properties").GetProperty("name").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["name", "score", "comment", "evidence"], criterion.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.False(criterion.GetProperty("additionalProperties").GetBoolean());
        // The transcript went with it, numbered, without the tool turn; the objective and persona too.
        var prompt = body.RootElement.GetProperty("messages")[1].GetProperty("content").GetString()!;
        Assert.Contains("[2] Learner: Sure. I'm a backend developer", prompt, StringComparison.Ordinal);
        Assert.Contains("[5] Learner: What does the team look like", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("Not a line to quote", prompt, StringComparison.Ordinal);
        Assert.Contains("The learner's objective: Earn a second interview", prompt, StringComparison.Ordinal);
        Assert.Contains("The AI played: Jordan Lee", prompt, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(EvaluationFault.RateLimit)]
    [InlineData(EvaluationFault.ServerError)]
    public async Task Upstream_errors_are_retried_with_backoff_until_the_evaluation_succeeds(EvaluationFault fault)
    {
        var (id, _) = await SpokenConversationAsync();
        site.Simulator.Chat.Evaluation = new EvaluationSimulatorOptions { Fault = fault, FaultCount = 1 };
        var before = site.Journal.Count(SimulatorJournal.ChatEvaluation);

        await site.FinishAsync(id);
        var job = await site.WaitForJobAsync(id, j => j.State == JobState.Done);

        Assert.Equal(2, job.Attempts);
        Assert.Equal(2, site.Journal.Count(SimulatorJournal.ChatEvaluation) - before);
        Assert.NotNull(await site.EvaluationAsync(id));
    }

    [Fact]
    public async Task An_answer_quoting_words_never_said_is_rejected_retried_and_finally_failed_never_stored_until_tried_again()
    {
        var (id, _) = await SpokenConversationAsync();
        site.Simulator.Chat.Evaluation = new EvaluationSimulatorOptions { Fault = EvaluationFault.InventQuote };

        await site.FinishAsync(id);
        var job = await site.WaitForJobAsync(id, j => j.State == JobState.Failed);

        Assert.Equal(3, job.Attempts); // Jobs:MaxAttempts
        Assert.Contains("quoted words that were not said", job.LastError, StringComparison.Ordinal);
        Assert.Null(await site.EvaluationAsync(id));

        // "Try again" once the service behaves: queued afresh and stored.
        site.Simulator.Chat.Evaluation = new EvaluationSimulatorOptions();
        Assert.True(await site.Services.GetRequiredService<VoiceSite.Jobs.JobQueue>().RetryFailedAsync(EvaluationJob.KeyFor(id)));
        await site.WaitForJobAsync(id, j => j.State == JobState.Done);
        var evaluation = await site.EvaluationAsync(id);
        Assert.NotNull(evaluation);
        Assert.DoesNotContain(evaluation.Criteria.SelectMany(c => c.Evidence), e => e.Quote.Contains("never said", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Finishing_twice_queues_one_evaluation_and_a_conversation_without_learner_words_none()
    {
        var (id, _) = await SpokenConversationAsync();
        Assert.Equal(FinishOutcome.Finished, await site.FinishAsync(id));
        Assert.Equal(FinishOutcome.AlreadyFinished, await site.FinishAsync(id));
        await site.WaitForJobAsync(id, j => j.State == JobState.Done);
        Assert.Equal(1, await site.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(
            db.BackgroundJobs, j => j.Key == EvaluationJob.KeyFor(id))));

        var (user, _) = await site.CreateSignedInUserAsync();
        var silent = await site.StartDemoAsync(user);
        await site.AddTurnsAsync(silent, (TurnRole.Assistant, "Hi Sam, tell me about yourself."), (TurnRole.User, VoiceSite.Voice.TurnWriter.NotTranscribed));
        Assert.Equal(FinishOutcome.Finished, await site.FinishAsync(silent));
        Assert.Null(await site.JobAsync(silent));
    }
}
