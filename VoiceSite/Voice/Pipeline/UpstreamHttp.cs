using System.Net;
using System.Net.Sockets;
using System.Text;
using VoiceSite.Voice.Upstream;

namespace VoiceSite.Voice.Pipeline;

/// <summary>Turns HTTP failures of the speech REST calls into <see cref="UpstreamException"/>s.</summary>
internal static class UpstreamHttp
{
    /// <summary>For a response that is not a success. Logs the start of the body (keys redacted), never puts it in the message.</summary>
    public static async Task<UpstreamException> FromResponseAsync(
        UpstreamServiceKind service, HttpResponseMessage response, UpstreamService upstream, ILogger logger, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var body = await ReadStartAsync(response, cancellationToken);
        var error = UpstreamException.FromStatus(service, status, RetryAfter(response));
        PipelineLog.UpstreamRefused(logger, UpstreamException.ServiceName(service), status, UpstreamText.ForLog(body, upstream.ApiKey));
        return error;
    }

    /// <summary>For an exception thrown while calling (not the caller's own cancellation).</summary>
    public static UpstreamException FromException(UpstreamServiceKind service, Exception exception, bool answerStarted = false) => exception switch
    {
        UpstreamException u => u,
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
            or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError } when !answerStarted
            => new(service, UpstreamFailure.Unreachable, innerException: exception),
        HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } } when !answerStarted
            => new(service, UpstreamFailure.Unreachable, innerException: exception),
        TimeoutException or TaskCanceledException { InnerException: TimeoutException }
            => new(service, UpstreamFailure.Timeout, innerException: exception),
        HttpRequestException or IOException
            => new(service, UpstreamFailure.Dropped, innerException: exception),
        System.Text.Json.JsonException or FormatException
            => new(service, UpstreamFailure.InvalidResponse, innerException: exception),
        _ => new(service, UpstreamFailure.InvalidResponse, innerException: exception),
    };

    public static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is not { } retry)
            return null;
        if (retry.Delta is { } delta)
            return delta;
        return retry.Date is { } date ? date - DateTimeOffset.UtcNow : null;
    }

    private static async Task<string> ReadStartAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[512];
            var read = 0;
            while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), cancellationToken) is var n and > 0)
                read += n;
            return Encoding.UTF8.GetString(buffer, 0, read).ReplaceLineEndings(" ");
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            return "";
        }
    }
}
