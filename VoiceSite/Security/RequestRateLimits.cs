using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using VoiceSite.Hosting;
using VoiceSite.Limits;

namespace VoiceSite.Security;

/// <summary>
/// Posts that cost something, limited per client with ASP.NET Core's rate limiter (section <c>RateLimits</c>): sign-in and
/// registration per client IP address (after forwarded headers, so behind Azure Container Apps' ingress it is the
/// browser's address), conversation creation per signed-in user. Fixed windows.
/// </summary>
public sealed class RequestRateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Sign-in attempts (form posts) per client IP address per minute.</summary>
    [Range(1, 100_000)]
    public int SignInPerMinute { get; set; } = 10;

    /// <summary>Registrations (form posts) per client IP address per hour.</summary>
    [Range(1, 100_000)]
    public int RegistrationsPerHour { get; set; } = 10;

    /// <summary>Conversations started per user per minute.</summary>
    [Range(1, 100_000)]
    public int ConversationsPerMinute { get; set; } = 10;
}

public static class RequestRateLimits
{
    public static IServiceCollection AddRequestRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RequestRateLimitOptions>().BindConfiguration(RequestRateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RequestRateLimitOptions>>((o, limits) =>
        {
            var l = limits.Value;
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Classify(context, l));
            o.OnRejected = RejectAsync;
        });
        return services;
    }

    /// <summary>The client's address as the site sees it (forwarded headers applied), for partitioning and throttling.</summary>
    public static string ClientAddress(this HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static RateLimitPartition<string> Classify(HttpContext context, RequestRateLimitOptions l)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
            return RateLimitPartition.GetNoLimiter("");
        var path = context.Request.Path;
        if (path.Equals("/Account/Login", StringComparison.OrdinalIgnoreCase))
            return Window("sign-in:" + context.ClientAddress(), l.SignInPerMinute, TimeSpan.FromMinutes(1));
        if (path.Equals("/Account/Register", StringComparison.OrdinalIgnoreCase))
            return Window("register:" + context.ClientAddress(), l.RegistrationsPerHour, TimeSpan.FromHours(1));
        if (path.StartsWithSegments("/Scenarios/Start", StringComparison.OrdinalIgnoreCase))
        {
            var who = context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? context.ClientAddress();
            return Window("conversation:" + who, l.ConversationsPerMinute, TimeSpan.FromMinutes(1));
        }
        return RateLimitPartition.GetNoLimiter("");
    }

    private static RateLimitPartition<string> Window(string key, int permits, TimeSpan window) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromMinutes(1);
        context.Response.Headers.RetryAfter = Math.Max(1, Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var what = context.Request.Path.StartsWithSegments("/Scenarios/Start", StringComparison.OrdinalIgnoreCase) ? "Too many conversations started"
            : context.Request.Path.Equals("/Account/Register", StringComparison.OrdinalIgnoreCase) ? "Too many registrations from your network"
            : "Too many sign-in attempts from your network";
        var message = $"{what}. Try again in {VoiceLimits.Describe(wait)}.";
        context.Response.ContentType = "text/html; charset=utf-8";
        var notice = $"<div class=\"notice error\" role=\"alert\">{System.Net.WebUtility.HtmlEncode(message)}</div>";
        if (context.Request.IsHtmx())
        {
            context.Response.Headers["HX-Reswap"] = "afterbegin"; // the layout's htmx config swaps 429 answers: shown atop the form
            await context.Response.WriteAsync(notice, cancellationToken);
            return;
        }
        var back = System.Net.WebUtility.HtmlEncode(context.Request.Path + context.Request.QueryString);
        await context.Response.WriteAsync(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Too many requests · VoiceSite</title>" +
            "<link rel=\"stylesheet\" href=\"/css/site.css\"></head><body><main class=\"container\">" +
            $"{notice}<p><a href=\"{back}\">Back</a></p></main></body></html>", cancellationToken);
    }
}
