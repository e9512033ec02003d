using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VoiceSite.Dashboard;
using VoiceSite.Data;
using VoiceSite.Data.Entities;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Dashboard;

/// <summary>
/// The site with its own prices, in EUR: per million tokens realtime 10 / 20, pipeline 1 / 2, scoring 3 / 6; speech to
/// text 2.40 per audio hour, text to speech 20 per million characters.
/// </summary>
public sealed class PricedSiteFactory : VoiceSiteFactory
{
    public PricedSiteFactory()
    {
        Settings["Pricing:Realtime:InputPer1M"] = "10";
        Settings["Pricing:Realtime:OutputPer1M"] = "20";
        Settings["Pricing:Pipeline:InputPer1M"] = "1";
        Settings["Pricing:Pipeline:OutputPer1M"] = "2";
        Settings["Pricing:Scoring:InputPer1M"] = "3";
        Settings["Pricing:Scoring:OutputPer1M"] = "6";
        Settings["Pricing:SpeechToTextPerHour"] = "2.40";
        Settings["Pricing:TextToSpeechPer1MCharacters"] = "20";
        Settings["Pricing:Currency"] = "EUR";
    }
}

/// <summary>A clock stopped at one instant (the dashboard's "today" and windows).</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>
/// Issue 14, item 4: the dashboard's figures from seeded turns, voice use and error counts, at a fixed "now": per-day
/// turns, minutes and error rate, nearest-rank latency percentiles per mode over the last day and week, and tokens and
/// cost per scenario at the configured prices. Its queries also translate for SQL Server.
/// </summary>
public sealed class DashboardFiguresTests(PricedSiteFactory site) : IClassFixture<PricedSiteFactory>
{
    private static readonly DateTime Now = new(2026, 6, 15, 12, 0, 0, DateTimeKind.Utc);

    private DashboardStore Store => new(site.Services.GetRequiredService<IDbContextFactory<AppDbContext>>(),
        site.Services.GetRequiredService<IOptionsMonitor<PricingOptions>>(), new FixedClock(Now));

    private static Turn Reply(VoiceMode mode, DateTime at, int? latency = null, int input = 0, int output = 0) => new()
    {
        Role = TurnRole.Assistant, Mode = mode, Text = "reply", StartedAt = at, ResponseLatencyMs = latency,
        InputTokens = input, OutputTokens = output, TotalTokens = input + output,
    };

    private static Turn Said(VoiceMode mode, DateTime at, int? sttMs = null, int? sttAudioMs = null) =>
        new() { Role = TurnRole.User, Mode = mode, Text = "said", StartedAt = at, SttLatencyMs = sttMs, SttAudioMs = sttAudioMs };

    private async Task SeedAsync()
    {
        var interview = await site.CreateScenarioAsync(name: "Interview");
        var smallTalk = await site.CreateScenarioAsync(name: "Small talk");
        var user = await site.CreateUserAsync($"dash-{Guid.NewGuid():N}@test.local");
        var a = await site.CreateConversationAsync(user.Email!, c => c.ScenarioId = interview);
        var b = await site.CreateConversationAsync(user.Email!, c => c.ScenarioId = smallTalk);
        var gone = await site.CreateConversationAsync(user.Email!, c => { c.ScenarioId = null; c.ScenarioName = "Old one"; });
        // Scoring tokens count in the period their conversation was finished (and scored) in: Small talk's today, a
        // scenario with no turns in the period yesterday; Interview's finished 10 days ago, outside the period.
        await site.WithDbAsync(db => db.Conversations.Where(c => c.Id == b).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.FinishedAt, Now.AddHours(-1)).SetProperty(c => c.ScoringInputTokens, 400_000).SetProperty(c => c.ScoringOutputTokens, 50_000)));
        await site.WithDbAsync(db => db.Conversations.Where(c => c.Id == a).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.FinishedAt, Now.AddDays(-10)).SetProperty(c => c.ScoringInputTokens, 1_000_000).SetProperty(c => c.ScoringOutputTokens, 1_000_000)));
        var scoredOnly = await site.CreateScenarioAsync(name: "Scored only");
        await site.CreateConversationAsync(user.Email!, c =>
        {
            c.ScenarioId = scoredOnly;
            c.FinishedAt = Now.AddDays(-1);
            c.ScoringInputTokens = 1_000_000;
        });
        await site.WithDbAsync(async db =>
        {
            void Add(Guid conversation, IEnumerable<Turn> turns)
            {
                var sequence = 0;
                foreach (var turn in turns)
                {
                    turn.ConversationId = conversation;
                    turn.Sequence = ++sequence;
                    db.Turns.Add(turn);
                }
            }
            // Today (June 15): 100 realtime exchanges, replies 1..100 ms after the speech, 10,000 in / 5,000 out tokens each;
            // three days ago, 20 slow replies (1,000 ms) without usage; 40 days ago (outside every window) a huge one.
            Add(a, Enumerable.Range(1, 100).SelectMany(i => new[]
            {
                Said(VoiceMode.Realtime, Now.AddMinutes(-2 * i)),
                Reply(VoiceMode.Realtime, Now.AddMinutes(-2 * i).AddSeconds(5), latency: i, input: 10_000, output: 5_000),
            })
            .Concat(Enumerable.Range(1, 20).Select(i => Reply(VoiceMode.Realtime, Now.AddDays(-3).AddMinutes(i), latency: 1000)))
            .Append(Reply(VoiceMode.Realtime, Now.AddDays(-40), latency: 5, input: 9_000_000, output: 9_000_000)));
            // Today: 10 pipeline exchanges, replies 100..1,000 ms, 200,000 in / 100,000 out tokens each; 3 minutes of
            // audio to speech to text and 5,000 characters to text to speech each. 40 days ago an hour of audio.
            Add(b, Enumerable.Range(1, 10).SelectMany(i =>
            {
                var reply = Reply(VoiceMode.Pipeline, Now.AddMinutes(-3 * i).AddSeconds(5), latency: 100 * i, input: 200_000, output: 100_000);
                reply.ChatFirstTokenMs = 10 * i;
                reply.TtsFirstByteMs = 20 * i;
                reply.TtsCharacters = 5_000;
                return new[] { Said(VoiceMode.Pipeline, Now.AddMinutes(-3 * i), sttMs: 30 * i, sttAudioMs: 180_000), reply };
            }).Append(Said(VoiceMode.Pipeline, Now.AddDays(-40), sttAudioMs: 3_600_000)));
            // Two days ago, in a scenario since deleted: 1,000,000 input tokens, and a tool the AI called (not a turn of
            // speech: not counted among the turns).
            Add(gone, [Reply(VoiceMode.Pipeline, Now.AddDays(-2), latency: 700, input: 1_000_000),
                new Turn { Role = TurnRole.Tool, Mode = VoiceMode.Pipeline, Text = "Ended the role-play.", StartedAt = Now.AddDays(-2).AddSeconds(1) }]);

            db.VoiceUsage.Add(new VoiceUsage { UserId = user.Id, Day = new DateOnly(2026, 6, 15), Seconds = 1800 });
            db.VoiceUsage.Add(new VoiceUsage { UserId = user.Id, Day = new DateOnly(2026, 6, 14), Seconds = 600 });
            db.UpstreamErrorCounts.AddRange(
                new UpstreamErrorCount { Hour = Now.AddHours(-1), Service = "realtime", Code = "rate_limited", Count = 3 },
                new UpstreamErrorCount { Hour = Now.AddHours(-3), Service = "speech_to_text", Code = "upstream_error", Count = 2 },
                new UpstreamErrorCount { Hour = Now.AddDays(-1).AddHours(-2), Service = "chat", Code = "upstream_timeout", Count = 1 },
                new UpstreamErrorCount { Hour = Now.AddDays(-45), Service = "chat", Code = "upstream_timeout", Count = 50 });
            return await db.SaveChangesAsync();
        });
    }

    [Fact]
    public async Task Figures_of_seeded_turns_use_and_errors_per_day_percentile_and_scenario()
    {
        await SeedAsync();
        var f = await Store.GetAsync(7);

        // Seven UTC days ending today, each with its turns (both roles), voice minutes and error rate.
        Assert.Equal(Enumerable.Range(9, 7).Select(d => new DateOnly(2026, 6, d)), f.PerDay.Select(d => d.Day));
        var today = f.PerDay[^1];
        Assert.Equal((200, 20, 110, 30.0, 5), (today.RealtimeTurns, today.PipelineTurns, today.UserTurns, today.VoiceMinutes, today.UpstreamErrors));
        Assert.Equal(100.0 * 5 / 110, today.ErrorsPer100Turns);
        var yesterday = f.PerDay[^2];
        Assert.Equal((0, 10.0, 1), (yesterday.UserTurns, yesterday.VoiceMinutes, yesterday.UpstreamErrors));
        Assert.Null(yesterday.ErrorsPer100Turns); // errors but no turns: no rate
        Assert.Equal((1, 20), (f.PerDay[^3].PipelineTurns, f.PerDay[^4].RealtimeTurns));
        Assert.Equal(100.0 * 6 / 110, f.ErrorsPer100Turns);
        Assert.Equal([new ErrorCount("realtime", "rate_limited", 3), new ErrorCount("speech_to_text", "upstream_error", 2),
            new ErrorCount("chat", "upstream_timeout", 1)], f.Errors);

        // Nearest rank: the last day holds replies of 1..100 ms (realtime) and 100..1,000 ms (pipeline).
        AssertPercentiles(f.LastDay, VoiceMode.Realtime, LatencyMeasure.Response, 100, 50, 90, 95, 99);
        AssertPercentiles(f.LastDay, VoiceMode.Pipeline, LatencyMeasure.Response, 10, 500, 900, 1000, 1000);
        AssertPercentiles(f.LastDay, VoiceMode.Pipeline, LatencyMeasure.SpeechToText, 10, 150, 270, 300, 300);
        AssertPercentiles(f.LastDay, VoiceMode.Pipeline, LatencyMeasure.ChatFirstToken, 10, 50, 90, 100, 100);
        AssertPercentiles(f.LastDay, VoiceMode.Pipeline, LatencyMeasure.TextToSpeechFirstByte, 10, 100, 180, 200, 200);
        // The week adds 20 realtime replies of 1,000 ms (ranks 101..120) and the deleted scenario's 700 ms pipeline reply.
        AssertPercentiles(f.LastWeek, VoiceMode.Realtime, LatencyMeasure.Response, 120, 60, 1000, 1000, 1000);
        AssertPercentiles(f.LastWeek, VoiceMode.Pipeline, LatencyMeasure.Response, 11, 600, 900, 1000, 1000);

        // Cost at the set prices: realtime 1,000,000 in x 10 + 500,000 out x 20 per million = 20; pipeline 2,000,000 x 1 +
        // 1,000,000 x 2 = 4; the deleted scenario's 1,000,000 in x 1 = 1. The turns 40 days ago are outside the period.
        // Small talk's speech: 10 x 180 s = 1,800 s of audio at 2.40 an hour = 1.20; 10 x 5,000 = 50,000 characters at 20
        // per million = 1.00; its scoring 400,000 in x 3 + 50,000 out x 6 per million = 1.20 + 0.30 = 1.50: 7.70 in all.
        // "Scored only": 1,000,000 scoring tokens in x 3 = 3.00. Interview's scoring was before the period.
        Assert.Equal(
        [
            new ScenarioCost("Interview", Replies: 120, InputTokens: 1_000_000, OutputTokens: 500_000, RepliesCost: 20m,
                SttAudioMs: 0, SttCost: 0m, TtsCharacters: 0, TtsCost: 0m, Scored: 0, ScoringInputTokens: 0, ScoringOutputTokens: 0, ScoringCost: 0m),
            new ScenarioCost("Small talk", Replies: 10, InputTokens: 2_000_000, OutputTokens: 1_000_000, RepliesCost: 4m,
                SttAudioMs: 1_800_000, SttCost: 1.20m, TtsCharacters: 50_000, TtsCost: 1.00m,
                Scored: 1, ScoringInputTokens: 400_000, ScoringOutputTokens: 50_000, ScoringCost: 1.50m),
            new ScenarioCost("Scored only", Replies: 0, InputTokens: 0, OutputTokens: 0, RepliesCost: 0m,
                SttAudioMs: 0, SttCost: 0m, TtsCharacters: 0, TtsCost: 0m, Scored: 1, ScoringInputTokens: 1_000_000, ScoringOutputTokens: 0, ScoringCost: 3m),
            new ScenarioCost("Old one (deleted)", Replies: 1, InputTokens: 1_000_000, OutputTokens: 0, RepliesCost: 1m,
                SttAudioMs: 0, SttCost: 0m, TtsCharacters: 0, TtsCost: 0m, Scored: 0, ScoringInputTokens: 0, ScoringOutputTokens: 0, ScoringCost: 0m),
        ], f.Costs);
        Assert.Equal(7.70m, f.Costs[1].Cost);
        Assert.Equal(30.0, f.Costs[1].SttMinutes);
        Assert.Equal(31.70m, f.TotalCost);
        var totals = f.CostTotals;
        Assert.Equal((25m, 1.20m, 1.00m, 4.50m, 31.70m), (totals.RepliesCost, totals.SttCost, totals.TtsCost, totals.ScoringCost, totals.Cost));
        Assert.Equal("EUR", f.Currency);
    }

    private static void AssertPercentiles(IReadOnlyList<LatencyFigures> window, VoiceMode mode, LatencyMeasure measure, int n, params double[] expected)
    {
        var figures = Assert.Single(window, l => l.Mode == mode && l.Measure == measure);
        Assert.Equal((n, n), (figures.Samples, figures.InWindow));
        Assert.Equal(expected, Percentiles.Shown.Select(p => figures.Percentile[p]!.Value));
    }

    [Fact]
    public void Nearest_rank_percentiles_of_small_samples()
    {
        Assert.Null(Percentiles.Of([], 50));
        Assert.Equal(7, Percentiles.Of([7], 99));
        Assert.Equal(2, Percentiles.Of([1, 2, 3, 4], 50));
        Assert.Equal(3, Percentiles.Of([1, 2, 3, 4], 51));
        Assert.Equal(4, Percentiles.Of([1, 2, 3, 4], 100));
    }

    [Fact]
    public void Every_dashboard_query_translates_for_sql_server_too()
    {
        var options = new DbContextOptionsBuilder<SqlServerAppDbContext>()
            .UseSqlServer("Server=tcp:sql.invalid;Database=voicesite;Authentication=Active Directory Default;Encrypt=True").Options;
        using var db = new SqlServerAppDbContext(options);
        var from = Now.AddDays(-7);
        var sql = new List<string>
        {
            DashboardQueries.TurnsPerDay(db, from).ToQueryString(),
            DashboardQueries.VoiceSecondsPerDay(db, DateOnly.FromDateTime(from)).ToQueryString(),
            DashboardQueries.ErrorHours(db, from).ToQueryString(),
            DashboardQueries.UsagePerScenario(db, from).ToQueryString(),
            DashboardQueries.ScoringPerScenario(db, from).ToQueryString(),
        };
        foreach (var (mode, measure) in DashboardStore.LatencySeries)
            sql.Add(DashboardQueries.LatencyValues(db, mode, measure, from).Take(DashboardStore.MaxLatencySamples).ToQueryString());

        Assert.All(sql, s => Assert.StartsWith("DECLARE", s.TrimStart(), StringComparison.Ordinal));
        Assert.Contains("CONVERT(date", sql[0], StringComparison.Ordinal); // grouped by UTC day in the database
        Assert.Contains("GROUP BY", sql[3], StringComparison.Ordinal);
        Assert.Contains("GROUP BY", sql[4], StringComparison.Ordinal);
        Assert.Contains("TOP(", sql[^1], StringComparison.Ordinal); // the percentiles' bounded read
    }
}
