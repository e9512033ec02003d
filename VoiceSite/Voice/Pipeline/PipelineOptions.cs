using System.ComponentModel.DataAnnotations;

namespace VoiceSite.Voice.Pipeline;

/// <summary>Pipeline-mode behaviour (section <c>Pipeline</c>).</summary>
public sealed class PipelineOptions : IValidatableObject
{
    public const string Section = "Pipeline";

    /// <summary>
    /// Longest audio per speech-to-text request; longer speech continues in a new request (Azure's short-audio API
    /// takes at most 60 s).
    /// </summary>
    public TimeSpan SegmentLimit { get; set; } = TimeSpan.FromSeconds(55);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SegmentLimit < TimeSpan.FromSeconds(1) || SegmentLimit > TimeSpan.FromSeconds(55))
            yield return new ValidationResult("Pipeline:SegmentLimit must be between 1 and 55 seconds.", [nameof(SegmentLimit)]);
    }
}
