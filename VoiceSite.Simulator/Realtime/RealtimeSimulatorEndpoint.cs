using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace VoiceSite.Simulator.Realtime;

/// <summary><c>{OpenAIPath}/v1/realtime?model=...</c>: the WebSocket upgrade, key check and connection faults.</summary>
internal static class RealtimeSimulatorEndpoint
{
    public static void MapRealtimeSimulator(this IEndpointRouteBuilder app) =>
        app.Map(SimulatorEndpoints.OpenAIPath + "/v1/realtime", HandleAsync).AllowAnonymous();

    private static async Task HandleAsync(HttpContext context, IOptionsMonitor<SimulatorOptions> options, SimulatorJournal journal, ILoggerFactory loggers)
    {
        var simulator = options.CurrentValue;
        switch (simulator.Realtime.Fault)
        {
            case SimulatorFault.Refuse:
                await Problem(context, StatusCodes.Status503ServiceUnavailable, "ServiceUnavailable", "The service is temporarily unavailable.");
                return;
            case SimulatorFault.RateLimit:
                context.Response.Headers.RetryAfter = "2";
                await Problem(context, StatusCodes.Status429TooManyRequests, "429", "Requests to the realtime API have exceeded the rate limit. Please retry after 2 seconds.");
                return;
            case SimulatorFault.Delay:
                await Task.Delay(simulator.Realtime.DelayFaultDuration, context.RequestAborted);
                break;
        }
        if (simulator.Realtime.Fault == SimulatorFault.RejectKey || !HasKey(context.Request, simulator.ApiKey))
        {
            await Problem(context, StatusCodes.Status401Unauthorized, "401",
                "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.");
            return;
        }
        if (context.Request.Query["model"] is not [{ Length: > 0 } model])
        {
            await Problem(context, StatusCodes.Status400BadRequest, "BadRequest", "The 'model' query parameter (the deployment name) is required.");
            return;
        }
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await Problem(context, StatusCodes.Status400BadRequest, "BadRequest", "This endpoint speaks WebSocket only.");
            return;
        }

        var subProtocol = context.WebSockets.WebSocketRequestedProtocols.Contains("realtime") ? "realtime" : null;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = subProtocol });
        var session = new SimulatedRealtimeSession(socket, context, options, loggers.CreateLogger("VoiceSite.Simulator.Realtime"), model);
        journal.Record(SimulatorJournal.RealtimeOpened);
        try
        {
            await session.RunAsync(context.RequestAborted);
        }
        finally
        {
            journal.Record(SimulatorJournal.RealtimeClosed);
        }
    }

    /// <summary>The key as Azure takes it: <c>api-key</c>, or <c>Authorization: Bearer</c>.</summary>
    private static bool HasKey(HttpRequest request, string key) =>
        request.Headers["api-key"] == key || request.Headers.Authorization == $"Bearer {key}";

    private static Task Problem(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error = new { code, message } });
    }
}
