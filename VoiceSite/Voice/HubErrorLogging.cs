using Microsoft.AspNetCore.SignalR;

namespace VoiceSite.Voice;

/// <summary>
/// Logs what a hub method throws, in place of SignalR's own line (which logs every exception, a refusal included, as an
/// error with its stack trace, so any client could fill the log with error-level noise; the site's logger factory,
/// Security/RedactingLoggerFactory, writes that line at Debug).
/// A <see cref="HubException"/> is a refusal with a readable message for the caller (unknown conversation, bad mode, a
/// limit): a warning without a stack trace. Anything else is a fault of ours: an error with the exception.
/// </summary>
internal sealed partial class HubErrorLogging(ILogger<HubErrorLogging> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (HubException e)
        {
            LogRefused(invocationContext.HubMethodName, e.Message);
            throw;
        }
        catch (Exception e)
        {
            LogFailed(invocationContext.HubMethodName, e);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hub call {Method} refused: {Reason}")]
    private partial void LogRefused(string method, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Hub call {Method} failed")]
    private partial void LogFailed(string method, Exception exception);
}
