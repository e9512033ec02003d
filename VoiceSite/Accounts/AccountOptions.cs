using System.ComponentModel.DataAnnotations;

namespace VoiceSite.Accounts;

public sealed class AccountOptions
{
    public const string Section = "Accounts";

    /// <summary>Whether anyone may register (<c>Accounts__AllowRegistration=false</c> switches it off).</summary>
    public bool AllowRegistration { get; set; } = true;
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
