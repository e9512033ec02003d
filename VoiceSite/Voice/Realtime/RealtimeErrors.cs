using VoiceSite.Voice.Upstream;

namespace VoiceSite.Voice.Realtime;

/// <summary>
/// A realtime <c>error</c> event (or failed response) as the browser sees it: one of the fixed texts of
/// <see cref="UpstreamException"/>, chosen by the upstream's code and type, never the upstream's own message
/// (a gateway or compatible endpoint may echo request headers, keys included, into it).
/// </summary>
internal static class RealtimeErrors
{
    public static UpstreamFailure FailureOf(string? code, string? kind)
    {
        var text = $"{code} {kind}".ToLowerInvariant();
        if (text.Contains("rate_limit", StringComparison.Ordinal) || text.Contains("quota", StringComparison.Ordinal))
            return UpstreamFailure.RateLimited;
        if (text.Contains("auth", StringComparison.Ordinal) || text.Contains("api_key", StringComparison.Ordinal)
            || text.Contains("permission", StringComparison.Ordinal) || text.Contains("forbidden", StringComparison.Ordinal))
            return UpstreamFailure.Unauthorized;
        if (text.Contains("server_error", StringComparison.Ordinal) || text.Contains("unavailable", StringComparison.Ordinal)
            || text.Contains("overloaded", StringComparison.Ordinal))
            return UpstreamFailure.ServiceError;
        if (text.Contains("timeout", StringComparison.Ordinal))
            return UpstreamFailure.Timeout;
        return UpstreamFailure.Rejected;
    }

    public static UpstreamException ToException(string? code, string? kind) =>
        new(UpstreamServiceKind.Realtime, FailureOf(code, kind));
}
