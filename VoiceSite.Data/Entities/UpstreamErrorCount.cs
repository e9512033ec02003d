namespace VoiceSite.Data.Entities;

/// <summary>
/// How many times one upstream service failed with one error code in one hour (UTC), added up over every replica:
/// the admin dashboard's error rate. Written in small batches by the site's telemetry, never per request.
/// </summary>
public sealed class UpstreamErrorCount
{
    /// <summary>Start of the hour (UTC, minutes and seconds zero).</summary>
    public DateTime Hour { get; set; }

    /// <summary>
    /// <c>realtime</c>, <c>chat</c>, <c>speech_to_text</c>, <c>text_to_speech</c>, or <c>scoring</c> (the chat service
    /// scoring a finished conversation for its feedback).
    /// </summary>
    public required string Service { get; set; }

    /// <summary>The error code the browser was given (<c>rate_limited</c>, <c>upstream_error</c>, ...).</summary>
    public required string Code { get; set; }

    public int Count { get; set; }
}
