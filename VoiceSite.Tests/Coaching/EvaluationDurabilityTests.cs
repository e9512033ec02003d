using Microsoft.EntityFrameworkCore;
using VoiceSite.Coaching;
using VoiceSite.Data.Entities;
using VoiceSite.Simulator;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Coaching;

/// <summary>The evaluation job survives the site stopping mid-run, and a crashed replica's job is taken over.</summary>
public sealed class EvaluationDurabilityTests
{
    [Fact]
    public async Task A_job_running_when_the_site_stops_is_finished_by_the_next_start_on_the_same_database()
    {
        var data = VoiceSiteFactory.NewDataDirectory();
        try
        {
            Guid id;
            await using (var first = CoachingSiteFactory.OnData(data))
            {
                // The chat service takes ten minutes to answer: the job is mid-run when the site stops.
                first.Settings["Simulator:Chat:LatencyMs"] = "600000";
                var (user, _) = await first.CreateSignedInUserAsync();
                id = await first.StartDemoAsync(user);
                await first.AddTurnsAsync(id, (TurnRole.Assistant, "Tell me about yourself."), (TurnRole.User, "I build payment systems and I led a team of four."));
                await first.FinishAsync(id);
                var running = await first.WaitForJobAsync(id, j => j.State == JobState.Running);
                Assert.NotNull(running.LeaseOwner);
                await WaitUntilAsync(() => first.Journal.Count(SimulatorJournal.ChatEvaluation) == 1);
            }

            await using var second = CoachingSiteFactory.OnData(data);
            _ = second.ServerAddress;
            var done = await second.WaitForJobAsync(id, j => j.State == JobState.Done);
            Assert.Equal(1, done.Attempts); // the run cut short by the stop was given back, not counted
            var evaluation = await second.EvaluationAsync(id);
            Assert.NotNull(evaluation);
            Assert.Equal("I build payment systems and I led a team of four.", evaluation.Criteria.First().Evidence.Single().Quote);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task A_job_whose_lease_expired_on_a_crashed_replica_is_taken_over_and_finished()
    {
        await using var site = new CoachingSiteFactory();
        var (user, _) = await site.CreateSignedInUserAsync();
        var id = await site.StartDemoAsync(user);
        await site.AddTurnsAsync(id, (TurnRole.Assistant, "Why this role?"), (TurnRole.User, "Because I want to own a product end to end."));
        // As a replica that died mid-run leaves it: finished, its job running under a lease that has run out.
        await site.WithDbAsync(async db =>
        {
            var now = DateTime.UtcNow;
            await db.Conversations.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.FinishedAt, now).SetProperty(c => c.FinishedBy, ConversationEnder.Learner));
            db.BackgroundJobs.Add(new BackgroundJob
            {
                Kind = EvaluationJob.Kind,
                Key = EvaluationJob.KeyFor(id),
                Payload = System.Text.Json.JsonSerializer.Serialize(new EvaluationJobPayload(id)),
                State = JobState.Running,
                Attempts = 1,
                MaxAttempts = 3,
                LeaseOwner = "crashed-replica/1/dead",
                LeaseExpiresAt = now.AddMinutes(-1),
                NextAttemptAt = now.AddMinutes(-3),
                CreatedAt = now.AddMinutes(-3),
                UpdatedAt = now.AddMinutes(-3),
            });
            return await db.SaveChangesAsync();
        });

        var done = await site.WaitForJobAsync(id, j => j.State == JobState.Done);
        Assert.Equal(2, done.Attempts);
        Assert.NotNull(await site.EvaluationAsync(id));
    }

    private static async Task WaitUntilAsync(Func<bool> condition, int timeoutSeconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException("The condition did not hold in time.");
            await Task.Delay(50);
        }
    }
}
