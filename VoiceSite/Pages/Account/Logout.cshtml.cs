using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VoiceSite.Data.Entities;

namespace VoiceSite.Pages.Account;

/// <summary>GET asks; only a POST (with its antiforgery token, checked by Razor Pages) signs out.</summary>
public sealed partial class LogoutModel(SignInManager<AppUser> signIn, ILogger<LogoutModel> logger) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        LogSignedOut();
        return RedirectToPage("/Account/Login", new { signedOut = true });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "User signed out")]
    private partial void LogSignedOut();
}
