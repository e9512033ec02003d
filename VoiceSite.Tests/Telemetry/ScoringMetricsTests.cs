using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VoiceSite.Data.Entities;
using VoiceSite.Simulator;
using VoiceSite.Telemetry;
using VoiceSite.Tests.Coaching;
using VoiceSite.Tests.Infrastructure;
using VoiceSite.Voice;
using M = VoiceSite.Telemetry.VoiceMetrics;

namespace VoiceSite.Tests.Telemetry;

/// <summary>
/// The scoring job's chat calls report to telemetry as the voice paths do: their tokens on <c>voicesite.tokens</c> with the
/// purpose <c>scoring</c> (and added to the conversation's stored counts for the dashboard's cost), their upstream failures
/// on <c>voicesite.upstream.errors</c> and in the hourly <c>UpstreamErrorCounts</c> as the service <c>scoring</c>.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class ScoringMetricsTests
{
    private static (string, string) Purpose(string purpose) => (M.PurposeTag, purpose);
    private static (string, string) Tokens(string kind) => (M.TokenTypeTag, kind);

    /// <summary>The site with its telemetry caught and a quick job engine (as <see cref="CoachingSiteFactory"/>).</summary>
    private static TelemetrySiteFactory Site()
    {
        var site = new TelemetrySiteFactory();
        site.Settings["Jobs:PollInterval"] = "00:00:00.200";
        site.Settings["Jobs:RetryBaseDelay"] = "00:00:00.100";
        site.Settings["Jobs:RetryMaxDelay"] = "00:00:01";
        site.Settings["Jobs:MaxAttempts"] = "3";
        site.ResetSimulator();
        return site;
    }

    /// <summary>A demo-scenario conversation (it has a rubric) in which the learner spoke twice.</summary>
    private static async Task<Guid> SpokenConversationAsync(TelemetrySiteFactory site)
    {
        var (user, _) = await site.CreateSignedInUserAsync();
        var id = await site.StartDemoAsync(user);
        await site.AddTurnsAsync(id,
            (TurnRole.Assistant, "Hi Sam, could you tell me a little about yourself?"),
            (TurnRole.User, "I'm a backend developer; last year I cut our API's response time by forty percent."),
            (TurnRole.Assistant, "How did you go about it?"),
            (TurnRole.User, "I profiled the slowest endpoints, then added caching where reads dominated."));
        return id;
    }

    [Fact]
    public async Task Every_scoring_call_s_tokens_are_stored_on_the_conversation_and_recorded_with_the_scoring_purpose()
    {
        await using var site = Site();
        // The first answer quotes words never said: rejected and asked again. Both calls were billed.
        site.Simulator.Chat.Evaluation = new EvaluationSimulatorOptions { Fault = EvaluationFault.InventQuote, FaultCount = 1 };
        var id = await SpokenConversationAsync(site);
        var requestsBefore = site.Services.GetRequiredService<SimulatorJournal>().Requests.Count(r => r.Service == "chat");

        await site.FinishAsync(id);
        var job = await site.WaitForJobAsync(id, j => j.State == JobState.Done);
        Assert.Equal(2, job.Attempts);

        // The simulator bills a quarter of the prompt's length plus one: the same prompt twice.
        var prompts = site.Services.GetRequiredService<SimulatorJournal>().Requests.Where(r => r.Service == "chat").Skip(requestsBefore)
            .Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("messages")[1].GetProperty("content").GetString()!).ToList();
        Assert.Equal(2, prompts.Count);
        var expectedInput = prompts.Sum(p => p.Length / 4 + 1);
        var (input, output) = await site.WithDbAsync(db => db.Conversations.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new Tuple<int, int>(c.ScoringInputTokens, c.ScoringOutputTokens)).SingleAsync());
        Assert.Equal(expectedInput, input);
        Assert.True(output > 2, $"two answers' output tokens, {output}");

        var metrics = site.CollectMetrics();
        Assert.Equal(input, metrics.Sum("voicesite.tokens", Purpose("scoring"), Tokens("input")));
        Assert.Equal(output, metrics.Sum("voicesite.tokens", Purpose("scoring"), Tokens("output")));
        Assert.Equal(0, metrics.Sum("voicesite.tokens", Purpose("conversation"))); // no voice turn here
        var scoringPoints = metrics["voicesite.tokens"].With(Purpose("scoring"));
        Assert.All(scoringPoints, p => Assert.Equal([M.TokenTypeTag, M.PurposeTag], MetricPoints.Tags(p).Keys.Order()));
        Assert.Equal(0, metrics.Sum("voicesite.upstream.errors")); // a rejected answer is not an upstream failure
    }

    [Theory]
    [InlineData(EvaluationFault.RateLimit, VoiceErrorCodes.RateLimited)]
    [InlineData(EvaluationFault.ServerError, VoiceErrorCodes.Upstream)]
    public async Task A_failing_scoring_call_is_counted_as_an_upstream_error_of_the_scoring_service_and_kept_per_hour(EvaluationFault fault, string code)
    {
        await using var site = Site();
        site.Simulator.Chat.Evaluation = new EvaluationSimulatorOptions { Fault = fault, FaultCount = 1 };
        var id = await SpokenConversationAsync(site);

        await site.FinishAsync(id);
        var job = await site.WaitForJobAsync(id, j => j.State == JobState.Done);
        Assert.Equal(2, job.Attempts); // failed once, retried, stored

        var metrics = site.CollectMetrics();
        Assert.Equal(1, metrics.Sum("voicesite.upstream.errors", (M.ServiceTag, M.ScoringService), (M.CodeTag, code)));
        Assert.Equal(1, metrics.Sum("voicesite.upstream.errors"));
        Assert.Equal([M.CodeTag, M.ServiceTag], metrics["voicesite.upstream.errors"].TagNames());
        // Only the call that answered was billed: its tokens, once.
        var input = await site.WithDbAsync(db => db.Conversations.Where(c => c.Id == id).Select(c => c.ScoringInputTokens).SingleAsync());
        Assert.True(input > 0);
        Assert.Equal(input, metrics.Sum("voicesite.tokens", Purpose("scoring"), Tokens("input")));

        await site.Services.GetRequiredService<UpstreamErrorStore>().FlushAsync();
        var stored = await site.WithDbAsync(db => db.UpstreamErrorCounts.AsNoTracking().ToListAsync());
        var row = Assert.Single(stored);
        Assert.Equal((M.ScoringService, code, 1), (row.Service, row.Code, row.Count));
    }
}
