using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using VoiceSite.Coaching;
using VoiceSite.Data;
using VoiceSite.Data.Entities;
using VoiceSite.Jobs;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Coaching;

/// <summary>
/// The feedback page's state while the evaluation finishes under it: a job that completes between the page's reads
/// must never read as "nothing to score" (a final state: the page would stop polling and hide the feedback).
/// </summary>
public sealed class FeedbackStateRaceTests
{
    [Fact]
    public async Task An_evaluation_finishing_while_the_feedback_is_read_shows_running_or_done_never_nothing_to_score()
    {
        await using var site = new CoachingSiteFactory();
        site.Settings["Simulator:Chat:LatencyMs"] = "600000"; // the site's own worker stays mid-run: the test finishes the job
        var (user, client) = await site.CreateSignedInUserAsync();
        client.Dispose();
        var id = await site.StartDemoAsync(user);
        await site.AddTurnsAsync(id, (TurnRole.Assistant, "Tell me about yourself."), (TurnRole.User, "I build payment systems."));
        Assert.Equal(FinishOutcome.Finished, await site.FinishAsync(id));
        await site.WaitForJobAsync(id, j => j.State == JobState.Running);

        // The moment the page has read the evaluation (none yet), the worker stores it and marks its job done.
        var finishesTheJob = new RunsOnceAfterTheEvaluationIsRead(() => site.WithDbAsync(async db =>
        {
            db.Evaluations.Add(new Evaluation { ConversationId = id, Score = 80, PassMark = 70, Passed = true, Summary = "Clear.", Model = "test", CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
            await db.BackgroundJobs.Where(j => j.Key == EvaluationJob.KeyFor(id))
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Done).SetProperty(j => j.LeaseOwner, (string?)null));
            return true;
        }));
        var options = new DbContextOptionsBuilder<SqliteAppDbContext>()
            .UseSqlite($"Data Source={Path.Combine(site.DataDirectory, "voicesite.db")}")
            .AddInterceptors(finishesTheJob)
            .Options;
        await using var db = new SqliteAppDbContext(options);
        var queries = new CoachingQueries(db, site.Services.GetRequiredService<JobQueue>());

        var view = await queries.FeedbackAsync(id, user.Id);

        Assert.True(finishesTheJob.Ran, "the job was not finished between the page's reads: the test did not set up the race");
        Assert.NotNull(view);
        Assert.Contains(view.State, new[] { FeedbackState.Running, FeedbackState.Done });
        Assert.Equal(FeedbackState.Done, (await queries.FeedbackAsync(id, user.Id))!.State); // the next poll shows it
    }

    /// <summary>Runs its action once, before the first command that follows the command(s) reading evaluations.</summary>
    private sealed class RunsOnceAfterTheEvaluationIsRead(Func<Task<bool>> action) : DbCommandInterceptor
    {
        private bool _evaluationRead;

        public bool Ran { get; private set; }

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("\"Evaluations\"", StringComparison.Ordinal))
                _evaluationRead = true;
            else if (_evaluationRead && !Ran)
            {
                Ran = true;
                await action();
            }
            return result;
        }
    }
}
