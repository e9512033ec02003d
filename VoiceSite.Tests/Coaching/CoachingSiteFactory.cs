using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VoiceSite.Coaching;
using VoiceSite.Conversations;
using VoiceSite.Data.Entities;
using VoiceSite.Scenarios;
using VoiceSite.Simulator;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Coaching;

/// <summary>The site on a real socket with a quick job engine (short polls and backoff), for coaching tests.</summary>
public class CoachingSiteFactory : KestrelVoiceSiteFactory
{
    public CoachingSiteFactory()
        : this(null)
    {
    }

    /// <summary>On an existing data folder, kept on dispose: to start the site again on the same database.</summary>
    public static CoachingSiteFactory OnData(string dataDirectory) => new(dataDirectory);

    private CoachingSiteFactory(string? dataDirectory)
        : base(dataDirectory)
    {
        Settings["Jobs:PollInterval"] = "00:00:00.200";
        Settings["Jobs:RetryBaseDelay"] = "00:00:00.100";
        Settings["Jobs:RetryMaxDelay"] = "00:00:01";
        Settings["Jobs:MaxAttempts"] = "3";
        Settings["Simulator:Chat:WordDelayMs"] = "0";
    }

    /// <summary>The simulator's live options (read per request).</summary>
    public SimulatorOptions Simulator
    {
        get
        {
            _ = ServerAddress;
            return Services.GetRequiredService<IOptionsMonitor<SimulatorOptions>>().CurrentValue;
        }
    }

    public SimulatorJournal Journal => Services.GetRequiredService<SimulatorJournal>();
}

/// <summary>Coaching data made the way the site makes it (start form service, finisher), without a browser.</summary>
public static class CoachingData
{
    /// <summary>Starts a conversation of the demo scenario for the user, as the start form would (candidate "Sam").</summary>
    public static async Task<Guid> StartDemoAsync(this VoiceSiteFactory factory, AppUser owner, string difficulty = "medium")
    {
        var id = await factory.WithDbAsync(db => db.Scenarios.Where(s => s.Name == DemoScenario.Name).Select(s => s.Id).SingleAsync());
        return await factory.StartConversationAsync(owner, id,
            new Dictionary<string, string> { ["candidate_name"] = "Sam", ["role"] = "software engineer", ["years_experience"] = "3" }, difficulty);
    }

    /// <summary>Starts a conversation of a published scenario as the start form would, with the values given (already valid).</summary>
    public static async Task<Guid> StartConversationAsync(this VoiceSiteFactory factory, AppUser owner, int scenarioId,
        Dictionary<string, string> values, string? difficulty = null)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var scenario = (await scope.ServiceProvider.GetRequiredService<ScenarioCatalog>().FindPublishedAsync(scenarioId))!;
        return await scope.ServiceProvider.GetRequiredService<ConversationService>().StartAsync(new StartConversation(
            owner.Id, scenario, values, "marin", "en-US-AvaMultilingualNeural", scenario.Difficulties.SingleOrDefault(d => d.Name == difficulty)));
    }

    /// <summary>Stores turns in the order given, one second apart.</summary>
    public static Task<List<Turn>> AddTurnsAsync(this VoiceSiteFactory factory, Guid conversationId, params (TurnRole Role, string Text)[] turns) =>
        factory.WithDbAsync(async db =>
        {
            var start = DateTime.UtcNow;
            var stored = turns.Select((t, i) => new Turn
            {
                ConversationId = conversationId, Role = t.Role, Text = t.Text, Mode = VoiceMode.Pipeline,
                StartedAt = start.AddSeconds(i), Sequence = i + 1, DurationMs = 1000,
            }).ToList();
            db.Turns.AddRange(stored);
            await db.SaveChangesAsync();
            return stored;
        });

    public static async Task<FinishOutcome> FinishAsync(this VoiceSiteFactory factory, Guid conversationId) =>
        await factory.Services.GetRequiredService<ConversationFinisher>().FinishAsync(conversationId, null, ConversationEnder.Learner, null);

    public static Task<BackgroundJob?> JobAsync(this VoiceSiteFactory factory, Guid conversationId) =>
        factory.WithDbAsync(db => db.BackgroundJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Key == EvaluationJob.KeyFor(conversationId)));

    /// <summary>Waits until the conversation's evaluation job matches; fails after the timeout with the job's last state.</summary>
    public static async Task<BackgroundJob> WaitForJobAsync(this VoiceSiteFactory factory, Guid conversationId, Func<BackgroundJob, bool> match, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var job = await factory.JobAsync(conversationId);
            if (job is not null && match(job))
                return job;
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"The evaluation job did not reach the expected state within {timeoutSeconds} s; last: {job?.State} attempts {job?.Attempts} error {job?.LastError}.");
            await Task.Delay(100);
        }
    }

    public static Task<Evaluation?> EvaluationAsync(this VoiceSiteFactory factory, Guid conversationId) =>
        factory.WithDbAsync(db => db.Evaluations.AsNoTracking()
            .Include(e => e.Criteria).ThenInclude(c => c.Evidence)
            .Include(e => e.Notes)
            .FirstOrDefaultAsync(e => e.ConversationId == conversationId));
}
