using System.ComponentModel.DataAnnotations;

namespace VoiceSite.Accounts;

public sealed class AccountOptions : IValidatableObject
{
    public const string Section = "Accounts";

    /// <summary>Whether anyone may register (<c>Accounts__AllowRegistration=false</c> switches it off).</summary>
    public bool AllowRegistration { get; set; } = true;

    /// <summary>
    /// How often a sign-in is checked against the database (security stamp, lockout, roles) on pages and on open hub
    /// connections: a removed role, a lock or a password change takes effect within this time. Signing out is at once.
    /// </summary>
    public TimeSpan SignInCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Failed sign-ins one client (IP address) may make for one account before it is refused for that account.</summary>
    [Range(1, 1000)]
    public int FailuresPerClient { get; set; } = 5;

    /// <summary>How long a client's failed sign-ins for an account are remembered (and it stays refused for that account).</summary>
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Failed sign-ins, from all clients together, that lock an ordinary account (Identity lockout) for
    /// <see cref="LockoutDuration"/>. Administrators are never locked this way: only the per-client limit applies to them.
    /// </summary>
    [Range(1, 1000)]
    public int LockoutFailures { get; set; } = 20;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SignInCheckInterval < TimeSpan.FromSeconds(1) || SignInCheckInterval > TimeSpan.FromHours(1))
            yield return new ValidationResult("Accounts:SignInCheckInterval must be between 1 second and 1 hour.", [nameof(SignInCheckInterval)]);
        if (FailureWindow < TimeSpan.FromSeconds(1) || FailureWindow > TimeSpan.FromDays(1))
            yield return new ValidationResult("Accounts:FailureWindow must be between 1 second and 1 day.", [nameof(FailureWindow)]);
        if (LockoutDuration < TimeSpan.FromSeconds(1) || LockoutDuration > TimeSpan.FromDays(1))
            yield return new ValidationResult("Accounts:LockoutDuration must be between 1 second and 1 day.", [nameof(LockoutDuration)]);
    }
}

/// <summary>First administrator (<c>Admin__Email</c>, <c>Admin__Password</c>); created at start when missing.</summary>
public sealed class AdminOptions : IValidatableObject
{
    public const string Section = "Admin";

    [EmailAddress]
    public string? Email { get; set; }
    public string? Password { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Email);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(Email) && string.IsNullOrWhiteSpace(Password))
            yield return new ValidationResult("Admin__Password is required when Admin__Email is set.", [nameof(Password)]);
        if (string.IsNullOrWhiteSpace(Email) && !string.IsNullOrWhiteSpace(Password))
            yield return new ValidationResult("Admin__Email is required when Admin__Password is set.", [nameof(Email)]);
    }
}
