namespace VoiceSite.Data.Entities;

/// <summary>Voice time one user spent on one day (UTC): the live time of their voice sessions, in seconds.</summary>
public sealed class VoiceUsage
{
    public required string UserId { get; set; }

    /// <summary>The UTC day.</summary>
    public DateOnly Day { get; set; }

    public double Seconds { get; set; }
}

/// <summary>A user's own daily voice allowance, set by an administrator; without one the site's default applies.</summary>
public sealed class VoiceAllowance
{
    public required string UserId { get; set; }

    public int DailyMinutes { get; set; }

    public DateTime UpdatedAt { get; set; }
}
