using System.ComponentModel.DataAnnotations;

namespace VoiceSite.Voice.Upstream;

/// <summary>
/// How long each step of an upstream call may take (section <c>Timeouts</c>), for every upstream: realtime, speech to
/// text, chat, text to speech. A step that runs out ends in <see cref="UpstreamFailure.Timeout"/>, a readable error.
/// </summary>
public sealed class UpstreamTimeouts : IValidatableObject
{
    public const string Section = "Timeouts";

    /// <summary>Opening the TCP (and TLS) connection.</summary>
    public TimeSpan Connect { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The service's first answer to a request: the realtime WebSocket upgrade; the HTTP answer's headers for chat and
    /// text to speech.
    /// </summary>
    public TimeSpan Handshake { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The first event once connected: realtime <c>session.created</c>; chat's first streamed token; text to speech's first
    /// audio (and then each further read); speech to text's result once the audio is complete.
    /// </summary>
    public TimeSpan FirstEvent { get; set; } = TimeSpan.FromSeconds(15);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[] { (nameof(Connect), Connect), (nameof(Handshake), Handshake), (nameof(FirstEvent), FirstEvent) })
        {
            if (value < TimeSpan.FromMilliseconds(100) || value > TimeSpan.FromMinutes(5))
                yield return new ValidationResult($"Timeouts:{name} must be between 100 ms and 5 minutes.", [name]);
        }
    }
}
