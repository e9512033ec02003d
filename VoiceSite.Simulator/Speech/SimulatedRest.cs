using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace VoiceSite.Simulator.Speech;

/// <summary>
/// What the simulated REST services (speech and chat) share: the key check as Azure does it, the fault options, the
/// added latency and Azure-shaped JSON errors. Every service reads its options per request.
/// </summary>
internal static class SimulatedRest
{
    /// <summary>How long the <see cref="SimulatorFault.Delay"/> fault stalls.</summary>
    public static readonly TimeSpan StallFor = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Checks the key and applies the faults that answer instead of the service (RejectKey, RateLimit, Refuse).
    /// Returns false when an error was written and the request is over.
    /// </summary>
    public static async Task<bool> AdmitAsync(HttpContext context, SimulatedServiceOptions service, bool keyValid)
    {
        // The site answers bodiless error statuses with its error page; the simulator answers like Azure.
        if (context.Features.Get<IStatusCodePagesFeature>() is { } pages)
            pages.Enabled = false;

        if (service.Fault == SimulatorFault.RejectKey || !keyValid)
        {
            await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "401",
                "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.");
            return false;
        }
        if (service.Fault == SimulatorFault.RateLimit)
        {
            context.Response.Headers.RetryAfter = "1";
            await WriteErrorAsync(context, StatusCodes.Status429TooManyRequests, "429",
                "Requests have exceeded the rate limit of your current pricing tier. Please retry after 1 second.");
            return false;
        }
        if (service.Fault == SimulatorFault.Refuse)
        {
            await WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "ServiceUnavailable",
                "The service is temporarily unavailable. (simulated)");
            return false;
        }
        return true;
    }

    /// <summary>The wait before the first byte of the answer: the Delay fault's stall, then <see cref="SimulatedServiceOptions.LatencyMs"/>.</summary>
    public static async Task DelayAnswerAsync(HttpContext context, SimulatedServiceOptions service)
    {
        if (service.Fault == SimulatorFault.Delay)
            await Task.Delay(StallFor, context.RequestAborted);
        if (service.LatencyMs > 0)
            await Task.Delay(service.LatencyMs, context.RequestAborted);
    }

    /// <summary>Azure's error shape: <c>{"error":{"code":"...","message":"..."}}</c>.</summary>
    public static async Task WriteErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, new { error = new { code, message } }, cancellationToken: context.RequestAborted);
    }

    /// <summary>Constant-time comparison of a presented key with the simulator's.</summary>
    public static bool KeyMatches(string? presented, string expected) =>
        presented is not null &&
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(presented), System.Text.Encoding.UTF8.GetBytes(expected));

    /// <summary>Drops the connection (the DropMidResponse fault).</summary>
    public static void Drop(HttpContext context) => context.Abort();
}
