using System.ComponentModel.DataAnnotations;

namespace VoiceSite.Recordings;

public enum RecordingStoreKind
{
    /// <summary>Files under <see cref="RecordingOptions.LocalPath"/> (the embedded default).</summary>
    Local = 0,

    /// <summary>Append blobs in Azure Blob Storage (production: shared by every replica).</summary>
    AzureBlob = 1,
}

/// <summary>Voice session recordings (section <c>Recordings</c>).</summary>
public sealed class RecordingOptions : IValidatableObject
{
    public const string Section = "Recordings";

    /// <summary>Record voice sessions at all (each scenario can still switch it off).</summary>
    public bool Enabled { get; set; } = true;

    public RecordingStoreKind Store { get; set; } = RecordingStoreKind.Local;

    /// <summary>Folder of the local store; relative paths are under the site's content root.</summary>
    public string LocalPath { get; set; } = Path.Combine("App_Data", "recordings");

    /// <summary>Blob container of the Azure store (created when missing).</summary>
    public string Container { get; set; } = "recordings";

    /// <summary>Storage account connection string (Azure store); or give <see cref="AccountUrl"/> for managed identity.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>e.g. <c>https://account.blob.core.windows.net</c>: the Azure store signs in with Entra ID (managed identity).</summary>
    public string? AccountUrl { get; set; }

    /// <summary>Recordings older than this many days are deleted; 0 keeps them until their conversation is deleted.</summary>
    public int RetentionDays { get; set; } = 90;

    /// <summary>How often old recordings are looked for.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Opus bit rate, bits per second (speech: 24,000 is clear at about 180 KB a minute).</summary>
    public int Bitrate { get; set; } = 24_000;

    /// <summary>Opus encoder complexity, 0-10 (CPU against quality).</summary>
    public int Complexity { get; set; } = 5;

    /// <summary>Audio per Ogg page, each stored as it is finished: the most a crash can lose beyond the mixing delay.</summary>
    public TimeSpan PageInterval { get; set; } = TimeSpan.FromSeconds(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Store == RecordingStoreKind.AzureBlob)
        {
            if (string.IsNullOrWhiteSpace(ConnectionString) && string.IsNullOrWhiteSpace(AccountUrl))
                yield return new ValidationResult(
                    "Recordings:Store is AzureBlob: set Recordings:ConnectionString, or Recordings:AccountUrl to sign in with managed identity.",
                    [nameof(ConnectionString), nameof(AccountUrl)]);
            if (!string.IsNullOrWhiteSpace(AccountUrl) && !(Uri.TryCreate(AccountUrl, UriKind.Absolute, out var url) && url.Scheme is "https" or "http"))
                yield return new ValidationResult("Recordings:AccountUrl must be an absolute https URL such as https://account.blob.core.windows.net.", [nameof(AccountUrl)]);
            if (string.IsNullOrWhiteSpace(Container) || Container.Length is < 3 or > 63 || !Container.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
                yield return new ValidationResult("Recordings:Container must be 3-63 lowercase letters, digits or hyphens.", [nameof(Container)]);
        }
        else if (string.IsNullOrWhiteSpace(LocalPath))
        {
            yield return new ValidationResult("Recordings:LocalPath must name a folder.", [nameof(LocalPath)]);
        }
        if (RetentionDays < 0)
            yield return new ValidationResult("Recordings:RetentionDays must be 0 (keep) or more.", [nameof(RetentionDays)]);
        if (RetentionInterval < TimeSpan.FromSeconds(1))
            yield return new ValidationResult("Recordings:RetentionInterval must be at least one second.", [nameof(RetentionInterval)]);
        if (Bitrate is < 6_000 or > 128_000)
            yield return new ValidationResult("Recordings:Bitrate must be between 6000 and 128000 bits per second.", [nameof(Bitrate)]);
        if (Complexity is < 0 or > 10)
            yield return new ValidationResult("Recordings:Complexity must be between 0 and 10.", [nameof(Complexity)]);
        if (PageInterval < TimeSpan.FromMilliseconds(200) || PageInterval > TimeSpan.FromSeconds(4))
            yield return new ValidationResult("Recordings:PageInterval must be between 0.2 and 4 seconds.", [nameof(PageInterval)]);
    }
}
