using System.ComponentModel.DataAnnotations;

namespace VoiceSite.Limits;

/// <summary>
/// What one user may spend on voice (section <c>VoiceLimits</c>): every live session costs money upstream. Limits are
/// per user, not per connection, so a reconnect or a new tab starts nothing afresh.
/// </summary>
public sealed class VoiceLimitsOptions : IValidatableObject
{
    public const string Section = "VoiceLimits";

    /// <summary>Live voice sessions one user may hold at once (across tabs, connections and replicas: leases in the database).</summary>
    [Range(1, 100)]
    public int LiveSessionsPerUser { get; set; } = 2;

    /// <summary>
    /// <c>StartSession</c> calls one user may make per minute: on each replica a token bucket (this many at once, then one
    /// every 60/N s) refuses a flood without touching the database; across replicas, at most this many in any minute.
    /// </summary>
    [Range(1, 10_000)]
    public int StartsPerMinute { get; set; } = 10;

    /// <summary>Longest live session; it then ends with a reason (the user may start another).</summary>
    public TimeSpan MaxSessionLength { get; set; } = TimeSpan.FromMinutes(60);

    /// <summary>A session in which nobody has spoken for this long ends with a reason.</summary>
    public TimeSpan IdleLimit { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Voice minutes (live session time) per user per UTC day, unless an administrator gave the user their own allowance.</summary>
    [Range(1, 24 * 60)]
    public int DailyVoiceMinutes { get; set; } = 60;

    /// <summary>How often live sessions are checked against these limits and their time is added to the day's use.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How far ahead a live session's lease (its place in the database) is renewed at each check. A replica that stops
    /// (crash, kill) frees its users' places this long after its last renewal at most; until then they count. Four
    /// checks by default: three renewals in a row may fail or run late (a busy database, a long pause) before a place
    /// lapses. At least three times <see cref="CheckInterval"/>.
    /// </summary>
    public TimeSpan LiveLeaseDuration { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxSessionLength < TimeSpan.FromSeconds(1) || MaxSessionLength > TimeSpan.FromHours(24))
            yield return new ValidationResult("VoiceLimits:MaxSessionLength must be between 1 second and 24 hours.", [nameof(MaxSessionLength)]);
        if (IdleLimit < TimeSpan.FromSeconds(1) || IdleLimit > TimeSpan.FromHours(24))
            yield return new ValidationResult("VoiceLimits:IdleLimit must be between 1 second and 24 hours.", [nameof(IdleLimit)]);
        if (CheckInterval < TimeSpan.FromMilliseconds(50) || CheckInterval > TimeSpan.FromMinutes(5))
            yield return new ValidationResult("VoiceLimits:CheckInterval must be between 50 ms and 5 minutes.", [nameof(CheckInterval)]);
        if (LiveLeaseDuration < CheckInterval * 3 || LiveLeaseDuration > TimeSpan.FromHours(1))
            yield return new ValidationResult(
                "VoiceLimits:LiveLeaseDuration must be at least three times VoiceLimits:CheckInterval (the renewal interval) and at most 1 hour.",
                [nameof(LiveLeaseDuration)]);
    }
}
