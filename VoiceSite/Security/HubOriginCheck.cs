using Microsoft.Extensions.Options;

namespace VoiceSite.Security;

/// <summary>
/// Cross-site WebSocket hijacking guard for <c>/hubs</c>: a browser always sends <c>Origin</c> on a WebSocket upgrade
/// and on script requests (negotiate), and cookies ride along whatever site the page is on. A request whose Origin is
/// neither this site (the request's own scheme and host, after forwarded headers) nor in <c>AllowedOrigins</c> is
/// refused with 403. Requests without Origin are not from a browser page (the .NET SignalR client, tools) and pass.
/// </summary>
public sealed partial class HubOriginCheck(RequestDelegate next, IOptions<OriginOptions> options, ILogger<HubOriginCheck> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/hubs") && context.Request.Headers.Origin is { Count: > 0 } origin
            && !IsAllowed(context.Request, origin.ToString()))
        {
            LogRefused(Cut(origin.ToString()), context.Request.Path);
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync("Cross-origin requests to the voice hub are not allowed.");
            return;
        }
        await next(context);
    }

    private bool IsAllowed(HttpRequest request, string origin)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri))
            return false; // "null" (sandboxed frames, file:) and anything malformed
        var normalized = uri.GetLeftPart(UriPartial.Authority);
        var own = Uri.TryCreate($"{request.Scheme}://{request.Host.Value}", UriKind.Absolute, out var self) ? self.GetLeftPart(UriPartial.Authority) : null;
        return string.Equals(normalized, own, StringComparison.OrdinalIgnoreCase)
            || options.Value.Normalized.Contains(normalized, StringComparer.OrdinalIgnoreCase);
    }

    private static string Cut(string value) => value.Length <= 100 ? value : value[..100] + "…";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a hub request from origin {Origin} to {Path}")]
    private partial void LogRefused(string origin, string path);
}
