using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using VoiceSite.Data.Entities;
using VoiceSite.Voice;

namespace VoiceSite.Accounts;

/// <summary>
/// A hub connection is authenticated once, when it opens; this re-checks every open connection's sign-in every
/// <see cref="AccountOptions.SignInCheckInterval"/> like the cookie is re-checked on pages (security stamp, lockout),
/// and closes those no longer valid, ending their sessions with a reason.
/// </summary>
internal sealed partial class HubSignInCheck(
    VoiceSessions sessions,
    IServiceScopeFactory scopes,
    IOptions<AccountOptions> options,
    TimeProvider clock,
    ILogger<HubSignInCheck> logger) : BackgroundService
{
    public const string RevokedReason = "Your sign-in is no longer valid (signed out, locked or changed). Sign in again to continue.";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SignInCheckInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await CheckAsync();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogCheckFailed(e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public async Task CheckAsync()
    {
        var connections = sessions.Connections;
        if (connections.Count == 0)
            return;
        await using var scope = scopes.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<AppUser>>();
        foreach (var connection in connections)
        {
            if (connection.User is { } user && await signIn.ValidateSecurityStampAsync(user) is not null)
                continue;
            await sessions.RevokeConnectionAsync(connection.ConnectionId, RevokedReason);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-checking the sign-in of hub connections failed")]
    private partial void LogCheckFailed(Exception exception);
}
