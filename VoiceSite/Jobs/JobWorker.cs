using Microsoft.Extensions.Options;
using VoiceSite.Data.Entities;
using VoiceSite.Hosting;

namespace VoiceSite.Jobs;

/// <summary>
/// Runs due jobs on this replica: claims them with a lease (renewed while running), runs their handler, and records
/// the outcome (done, retry after backoff, failed). When the application starts stopping, running jobs are cancelled and
/// given back at once; if the process dies instead, their leases expire and any replica picks them up.
/// </summary>
public sealed partial class JobWorker(
    JobStore store,
    JobSignal signal,
    IEnumerable<IJobHandler> handlers,
    IOptions<JobOptions> options,
    IHostApplicationLifetime lifetime,
    ReplicaIdentity replica,
    ILogger<JobWorker> logger) : BackgroundService
{
    private readonly Dictionary<string, IJobHandler> _handlers = handlers.ToDictionary(h => h.Kind, StringComparer.Ordinal);

    /// <summary>This replica's name on the leases it holds.</summary>
    public string Owner => replica.Id;

    protected override async Task ExecuteAsync(CancellationToken hostStopping)
    {
        // Stop as soon as the application starts stopping, before the web server drains its requests: running jobs
        // are given back while the database is still at hand, so another replica can take them at once.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(hostStopping, lifetime.ApplicationStopping);
        var stoppingToken = stopping.Token;
        // Jobs may call services on this very host (the built-in simulator): claim nothing until the server listens.
        if (!await StartedAsync(stoppingToken))
            return;
        var settings = options.Value;
        var kinds = _handlers.Keys.ToArray();
        var running = new List<Task>();
        Task<bool>? wake = null;
        LogStarted(Owner, string.Join(", ", kinds));
        while (!stoppingToken.IsCancellationRequested)
        {
            running.RemoveAll(t => t.IsCompleted);
            try
            {
                while (running.Count < settings.Concurrency && await store.ClaimNextAsync(Owner, kinds, stoppingToken) is { } job)
                    running.Add(RunAsync(job, stoppingToken));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The database was unreachable or busy: try again at the next poll.
                LogClaimFailed(e);
            }
            // Until a job is queued here, a run ends (a slot frees) or the poll interval passes.
            wake ??= signal.WaitAsync(settings.PollInterval, stoppingToken);
            await (running.Count == 0 ? (Task)wake : Task.WhenAny(wake, Task.WhenAny(running)));
            if (wake.IsCompleted)
                wake = null;
        }
        await Task.WhenAll(running);
    }

    private async Task<bool> StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled());
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>One run of one job; never throws (every outcome is recorded or logged).</summary>
    private async Task RunAsync(BackgroundJob job, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var settings = options.Value;
        using var run = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var leaseLost = false;
        using var renewal = new PeriodicTimer(settings.LeaseDuration / 3);
        var renewing = RenewAsync();
        try
        {
            if (!_handlers.TryGetValue(job.Kind, out var handler))
                throw new JobFailedException($"No handler for jobs of kind \"{job.Kind}\".");
            if (job.Attempts > job.MaxAttempts)
                throw new JobFailedException(job.LastError ?? $"Gave up after {job.MaxAttempts} attempts.");
            LogRunning(job.Kind, job.Key, job.Attempts);
            await handler.RunAsync(new JobRun(job.Id, job.Key, job.Payload, job.Attempts, job.MaxAttempts), run.Token);
            await Record(store.CompleteAsync(job.Id, Owner, CancellationToken.None));
            LogDone(job.Kind, job.Key);
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown (whatever the handler made of its cancelled call): give the job back for any replica.
            await Record(store.ReleaseAsync(job.Id, Owner, CancellationToken.None));
            LogReleased(job.Kind, job.Key);
        }
        catch (OperationCanceledException) when (leaseLost)
        {
            LogLeaseLost(job.Kind, job.Key);
        }
        catch (JobFailedException e)
        {
            await Record(store.FailAsync(job.Id, Owner, e.Message, CancellationToken.None));
            LogFailed(job.Kind, job.Key, e.Message);
        }
        catch (Exception e)
        {
            var message = e is JobRetryException ? e.Message : "The job stopped unexpectedly.";
            if (job.Attempts >= job.MaxAttempts)
            {
                await Record(store.FailAsync(job.Id, Owner, message, CancellationToken.None));
                LogGaveUp(job.Kind, job.Key, job.Attempts, e);
            }
            else
            {
                var delay = JobBackoff.Delay(job.Attempts, settings, (e as JobRetryException)?.RetryAfter);
                await Record(store.RetryLaterAsync(job.Id, Owner, message, delay, CancellationToken.None));
                LogRetrying(job.Kind, job.Key, job.Attempts, delay.TotalSeconds, e);
            }
        }
        finally
        {
            renewal.Dispose();
            await renewing;
        }

        async Task RenewAsync()
        {
            try
            {
                while (await renewal.WaitForNextTickAsync(run.Token))
                {
                    if (!await store.RenewLeaseAsync(job.Id, Owner, run.Token))
                    {
                        leaseLost = true;
                        await run.CancelAsync();
                        return;
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception e)
            {
                // Renewal failing repeatedly lets the lease lapse; another replica may then take the job over.
                LogRenewFailed(job.Key, e);
            }
        }
    }

    /// <summary>Stores an outcome; a lost race (the lease passed to another replica) or a storage error is logged, not thrown.</summary>
    private async Task Record(Task<bool> update)
    {
        try
        {
            if (!await update)
                LogNotOwner();
        }
        catch (Exception e)
        {
            LogRecordFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job worker {Owner} started for {Kinds}")]
    private partial void LogStarted(string owner, string kinds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Kind} {Key}: attempt {Attempt}")]
    private partial void LogRunning(string kind, string key, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Kind} {Key} done")]
    private partial void LogDone(string kind, string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Kind} {Key} given back at shutdown")]
    private partial void LogReleased(string kind, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Kind} {Key}: lease lost to another replica; this run stopped")]
    private partial void LogLeaseLost(string kind, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Kind} {Key} failed: {Reason}")]
    private partial void LogFailed(string kind, string key, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Kind} {Key} failed after {Attempts} attempts")]
    private partial void LogGaveUp(string kind, string key, int attempts, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Kind} {Key}: attempt {Attempt} failed; retrying in {DelaySeconds:0.0} s")]
    private partial void LogRetrying(string kind, string key, int attempt, double delaySeconds, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Claiming jobs failed; trying again at the next poll")]
    private partial void LogClaimFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the lease of job {Key} failed")]
    private partial void LogRenewFailed(string key, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A job's outcome was not recorded: its lease had passed to another replica")]
    private partial void LogNotOwner();

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording a job's outcome failed")]
    private partial void LogRecordFailed(Exception exception);
}
