namespace VoiceSite.Security;

/// <summary>
/// Headers on every response (pages, htmx partials, static files, errors, the hub's negotiate): a Content-Security-Policy
/// with no inline script or style (all script is in files; htmx's own indicator style is switched off by the layout's
/// htmx-config meta and lives in site.css), no framing, no MIME sniffing, and a referrer kept to this origin.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// <c>connect-src 'self'</c> also allows WebSockets to this origin (CSP Level 3: 'self' matches ws:/wss: for the
    /// page's host and port); the browser test checks the hub connects without a violation. <c>img-src data:</c> is for
    /// the layout's empty favicon. Audio worklets are scripts ('self'); the player's audio comes from the hub, not a URL.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "media-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var headers = ((HttpContext)state).Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            }, context);
            return next(context);
        });
}
