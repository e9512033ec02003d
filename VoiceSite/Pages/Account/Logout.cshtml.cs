using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VoiceSite.Accounts;
using VoiceSite.Data.Entities;
using VoiceSite.Voice;

namespace VoiceSite.Pages.Account;

/// <summary>
/// GET asks; only a POST (with its antiforgery token, checked by Razor Pages) signs out. Signing out revokes the sign-in
/// everywhere: the security stamp changes (every copy of the cookie stops working), and the user's live voice sessions
/// and hub connections end.
/// </summary>
public sealed partial class LogoutModel(
    SignInManager<AppUser> signIn,
    UserManager<AppUser> users,
    SignOutRevocations revocations,
    VoiceSessions sessions,
    ILogger<LogoutModel> logger) : PageModel
{
    public const string SignedOutReason = "You signed out. Sign in again to continue.";

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await users.GetUserAsync(User) is { } user)
        {
            revocations.Revoke(User);
            await users.UpdateSecurityStampAsync(user);
            await sessions.RevokeUserAsync(user.Id, SignedOutReason);
        }
        await signIn.SignOutAsync();
        LogSignedOut();
        return RedirectToPage("/Account/Login", new { signedOut = true });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "User signed out")]
    private partial void LogSignedOut();
}
