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
/// What the learner's feedback page and the trainers' attempts report show while the evaluation finishes under them:
/// a job that completes between their reads must never read as "nothing to score" (on the feedback page a final
/// state: it would stop polling and hide the feedback).
/// </summary>
public sealed class FeedbackStateRaceTests
{
    [Fact]
    public async Task An_evaluation_finishing_while_the_feedback_is_read_shows_running_or_done_never_nothing_to_score()
    {
        await using var race = await Race.StartAsync(score: 80);
        var queries = new CoachingQueries(race.Db, race.Site.Services.GetRequiredService<JobQueue>());

        var view = await queries.FeedbackAsync(race.ConversationId, race.UserId);

        race.AssertItRan();
        Assert.NotNull(view);
        Assert.Contains(view.State, new[] { FeedbackState.Running, FeedbackState.Done });
        Assert.Equal(FeedbackState.Done, (await queries.FeedbackAsync(race.ConversationId, race.UserId))!.State); // the next poll shows it
    }

    [Fact]
    public async Task An_evaluation_finishing_while_the_attempts_report_is_read_shows_the_score_never_nothing_to_score()
    {
        await using var race = await Race.StartAsync(score: 64);

        var (rows, _) = await new AttemptsReport(race.Db).ListAsync(new AttemptFilter());

        race.AssertItRan();
        var row = Assert.Single(rows, r => r.Id == race.ConversationId);
        Assert.Equal(("scored", 64, false), (row.Feedback, row.Score, row.Passed));
    }

    [Fact]
    public async Task The_unscored_filter_leaves_out_an_attempt_scored_while_the_report_is_read()
    {
        await using var race = await Race.StartAsync(score: 90);

        var (rows, _) = await new AttemptsReport(race.Db).ListAsync(new AttemptFilter(Result: AttemptResult.Unscored));

        race.AssertItRan();
        Assert.DoesNotContain(rows, r => r.Id == race.ConversationId);
    }

    /// <summary>
    /// A finished attempt whose evaluation job is running, and a database context that, the moment the evaluations
    /// have been read, stores the evaluation (pass mark 70) and marks the job done, as the worker does.
    /// </summary>
    private sealed class Race : IAsyncDisposable
    {
        private readonly RunsOnceAfterTheEvaluationIsRead _finishesTheJob;

        private Race(CoachingSiteFactory site, Guid conversationId, string userId, RunsOnceAfterTheEvaluationIsRead finishesTheJob, SqliteAppDbContext db) =>
            (Site, ConversationId, UserId, _finishesTheJob, Db) = (site, conversationId, userId, finishesTheJob, db);

        public CoachingSiteFactory Site { get; }
        public Guid ConversationId { get; }
        public string UserId { get; }
        public SqliteAppDbContext Db { get; }

        public static async Task<Race> StartAsync(int score)
        {
            var site = new CoachingSiteFactory();
            site.Settings["Simulator:Chat:LatencyMs"] = "600000"; // the site's own worker stays mid-run: the test finishes the job
            var (user, client) = await site.CreateSignedInUserAsync();
            client.Dispose();
            var id = await site.StartDemoAsync(user);
            await site.AddTurnsAsync(id, (TurnRole.Assistant, "Tell me about yourself."), (TurnRole.User, "I build payment systems."));
            Assert.Equal(FinishOutcome.Finished, await site.FinishAsync(id));
            await site.WaitForJobAsync(id, j => j.State == JobState.Running);

            var finishesTheJob = new RunsOnceAfterTheEvaluationIsRead(() => site.WithDbAsync(async db =>
            {
                db.Evaluations.Add(new Evaluation { ConversationId = id, Score = score, PassMark = 70, Passed = score >= 70, Summary = "Test.", Model = "test", CreatedAt = DateTime.UtcNow });
                await db.SaveChangesAsync();
                await db.BackgroundJobs.Where(j => j.Key == EvaluationJob.KeyFor(id))
                    .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Done).SetProperty(j => j.LeaseOwner, (string?)null));
                return true;
            }));
            var options = new DbContextOptionsBuilder<SqliteAppDbContext>()
                .UseSqlite($"Data Source={Path.Combine(site.DataDirectory, "voicesite.db")}")
                .AddInterceptors(finishesTheJob)
                .Options;
            return new Race(site, id, user.Id, finishesTheJob, new SqliteAppDbContext(options));
        }

        public void AssertItRan() =>
            Assert.True(_finishesTheJob.Ran, "the job was not finished between the reads: the test did not set up the race");

        public async ValueTask DisposeAsync()
        {
            await Db.DisposeAsync();
            await Site.DisposeAsync();
        }
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
