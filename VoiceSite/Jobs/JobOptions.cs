using System.ComponentModel.DataAnnotations;

namespace VoiceSite.Jobs;

/// <summary>The durable background job engine (section <c>Jobs</c>).</summary>
public sealed class JobOptions : IValidatableObject
{
    public const string Section = "Jobs";

    /// <summary>Run jobs on this replica (every replica may; the lease keeps each job on one at a time).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the database is asked for due jobs (a job queued here starts at once regardless).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a claim holds without renewal; a replica that stops renewing loses its jobs after this.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>First retry delay; doubled each attempt up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Runs before a job is marked failed.</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Jobs run at once on this replica.</summary>
    [Range(1, 32)]
    public int Concurrency { get; set; } = 2;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PollInterval <= TimeSpan.Zero)
            yield return new ValidationResult("Jobs:PollInterval must be positive.", [nameof(PollInterval)]);
        if (LeaseDuration < TimeSpan.FromSeconds(1))
            yield return new ValidationResult("Jobs:LeaseDuration must be at least one second.", [nameof(LeaseDuration)]);
        if (RetryBaseDelay < TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay)
            yield return new ValidationResult("Jobs:RetryBaseDelay must be 0 or more and Jobs:RetryMaxDelay at least as long.", [nameof(RetryMaxDelay)]);
    }
}
