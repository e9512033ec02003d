using System.Globalization;
using VoiceSite.Voice;

namespace VoiceSite.Voice.Upstream;

/// <summary>The upstream services, as named in <see cref="IUpstreamDirectory"/>.</summary>
public enum UpstreamServiceKind
{
    Realtime,
    Chat,
    SpeechToText,
    TextToSpeech,
}

/// <summary>What went wrong with an upstream call, in terms a person can act on.</summary>
public enum UpstreamFailure
{
    /// <summary>401/403: the key (or Entra ID identity) was refused.</summary>
    Unauthorized,
    /// <summary>429: too many requests or tokens; <see cref="UpstreamException.RetryAfter"/> when the service said.</summary>
    RateLimited,
    /// <summary>400, 404, 415, ...: the request was refused as invalid (often a setting: deployment, voice, language).</summary>
    Rejected,
    /// <summary>5xx: the service failed.</summary>
    ServiceError,
    /// <summary>No connection: refused, name not resolved, TLS failure.</summary>
    Unreachable,
    /// <summary>No answer in time.</summary>
    Timeout,
    /// <summary>The connection was lost part-way through the answer.</summary>
    Dropped,
    /// <summary>An answer came that could not be understood.</summary>
    InvalidResponse,
}

/// <summary>
/// A failed call to an upstream service (Azure OpenAI, Azure Speech, or their simulator). The message is safe to show
/// to people and to log: it names the service and what happened, and never contains a key, a header or the
/// upstream's response body.
/// </summary>
public sealed class UpstreamException : Exception
{
    public UpstreamException(
        UpstreamServiceKind service, UpstreamFailure failure, int? statusCode = null, TimeSpan? retryAfter = null,
        string? detail = null, Exception? innerException = null)
        : base(Describe(service, failure, statusCode, retryAfter, detail), innerException)
    {
        Service = service;
        Failure = failure;
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    public UpstreamServiceKind Service { get; }

    public UpstreamFailure Failure { get; }

    /// <summary>The HTTP status the service answered with; null when there was no answer.</summary>
    public int? StatusCode { get; }

    /// <summary>When the service said to retry (429 <c>Retry-After</c>).</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The stable code for clients (the hub's <c>Error(code, message)</c>), e.g. <c>rate_limited</c>: see <see cref="VoiceErrorCodes"/>.</summary>
    public string ErrorCode => VoiceErrorCodes.ForUpstream(Failure);

    /// <summary>The failure an HTTP status stands for (for a status that is not a success).</summary>
    public static UpstreamFailure FailureFor(int statusCode) => statusCode switch
    {
        401 or 403 => UpstreamFailure.Unauthorized,
        429 => UpstreamFailure.RateLimited,
        408 or 504 => UpstreamFailure.Timeout,
        >= 500 => UpstreamFailure.ServiceError,
        _ => UpstreamFailure.Rejected,
    };

    /// <summary>For an HTTP answer that is not a success.</summary>
    public static UpstreamException FromStatus(UpstreamServiceKind service, int statusCode, TimeSpan? retryAfter = null, string? detail = null) =>
        new(service, FailureFor(statusCode), statusCode, retryAfter, detail);

    public static string ServiceName(UpstreamServiceKind service) => service switch
    {
        UpstreamServiceKind.Realtime => "Realtime voice",
        UpstreamServiceKind.Chat => "Chat",
        UpstreamServiceKind.SpeechToText => "Speech to text",
        UpstreamServiceKind.TextToSpeech => "Text to speech",
        _ => service.ToString(),
    };

    private static string Describe(UpstreamServiceKind service, UpstreamFailure failure, int? status, TimeSpan? retryAfter, string? detail)
    {
        var http = status is { } s ? string.Create(CultureInfo.InvariantCulture, $" (HTTP {s})") : "";
        var what = failure switch
        {
            UpstreamFailure.Unauthorized => $"the service refused the credentials{http}; check the key setting",
            UpstreamFailure.RateLimited => $"too many requests{http}" +
                (retryAfter is { } r ? string.Create(CultureInfo.InvariantCulture, $"; try again in {Math.Ceiling(r.TotalSeconds):0} s") : "; try again shortly"),
            UpstreamFailure.Rejected => $"the service refused the request{http}",
            UpstreamFailure.ServiceError => $"the service failed{http}",
            UpstreamFailure.Unreachable => "the service could not be reached",
            UpstreamFailure.Timeout => $"the service did not answer in time{http}",
            UpstreamFailure.Dropped => "the connection was lost during the answer",
            UpstreamFailure.InvalidResponse => $"the service's answer could not be understood{http}",
            _ => failure.ToString(),
        };
        return $"{ServiceName(service)}: {what}{(string.IsNullOrWhiteSpace(detail) ? "" : " (" + detail.Trim() + ")")}.";
    }
}
