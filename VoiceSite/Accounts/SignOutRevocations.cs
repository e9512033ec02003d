using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace VoiceSite.Accounts;

/// <summary>
/// Sign-ins revoked by signing out, refused at once on every request of this replica. Signing out also changes the
/// user's security stamp in the database, so every replica refuses the old cookie at its next sign-in check (within
/// <see cref="AccountOptions.SignInCheckInterval"/>); entries here are kept just that long.
/// </summary>
public sealed class SignOutRevocations(IOptions<IdentityOptions> identity, IOptions<AccountOptions> accounts, TimeProvider clock)
{
    private readonly ConcurrentDictionary<(string UserId, string Stamp), DateTimeOffset> _revoked = new();

    /// <summary>Revokes the principal's current sign-in (its user id and security stamp).</summary>
    public void Revoke(ClaimsPrincipal principal)
    {
        if (Key(principal) is not { } key)
            return;
        var now = clock.GetUtcNow();
        _revoked[key] = now + accounts.Value.SignInCheckInterval + TimeSpan.FromMinutes(1);
        foreach (var (old, until) in _revoked)
        {
            if (until < now)
                _revoked.TryRemove(old, out _);
        }
    }

    public bool IsRevoked(ClaimsPrincipal principal) =>
        Key(principal) is { } key && _revoked.TryGetValue(key, out var until) && until >= clock.GetUtcNow();

    private (string, string)? Key(ClaimsPrincipal principal)
    {
        var id = principal.FindFirstValue(identity.Value.ClaimsIdentity.UserIdClaimType);
        var stamp = principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        return id is null || stamp is null ? null : (id, stamp);
    }
}
