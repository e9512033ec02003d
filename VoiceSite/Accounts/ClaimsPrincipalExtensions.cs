using System.Security.Claims;

namespace VoiceSite.Accounts;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The signed-in user's id (Identity's name identifier claim); throws when there is none.</summary>
    public static string GetUserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier)
        ?? throw new InvalidOperationException("The request has no signed-in user.");
}
