using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using VoiceSite.Accounts;
using VoiceSite.Data.Entities;
using VoiceSite.Security;

namespace VoiceSite.Pages.Account;

public sealed partial class LoginModel(
    SignInManager<AppUser> signIn,
    UserManager<AppUser> users,
    IOptions<AccountOptions> accounts,
    SignInThrottle throttle,
    ILogger<LoginModel> logger) : PageModel
{
    public const string WrongCredentialsMessage = "The email or password is not right. Check them and try again.";
    public const string LockedOutMessage = "Too many failed attempts: this account is locked for a few minutes. Try again later.";
    public const string ThrottledMessage = "Too many failed sign-ins for this account from your network. Try again in";

    // Verified against when the email is unknown, so both answers take about as long.
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<AppUser>().HashPassword(new AppUser(), Guid.NewGuid().ToString()));

    [BindProperty]
    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter an email address, such as name@example.com.")]
    public string? Email { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Enter your password.")]
    [DataType(DataType.Password)]
    public string? Password { get; set; }

    [BindProperty]
    public bool RememberMe { get; set; }

    public string? ReturnUrl { get; private set; }
    public string? Error { get; private set; }
    public bool SignedOut { get; private set; }
    public bool RegistrationOpen => accounts.Value.AllowRegistration;

    public bool Registered { get; private set; }

    public void OnGet(string? returnUrl, bool signedOut = false, bool registered = false)
    {
        ReturnUrl = returnUrl;
        SignedOut = signedOut;
        Registered = registered;
    }

    public async Task<IActionResult> OnPostAsync(string? returnUrl)
    {
        ReturnUrl = returnUrl;
        if (!ModelState.IsValid)
            return Page();

        // Per client and account, before the password is checked (and before the account-wide lockout counts anything).
        var client = HttpContext.ClientAddress();
        if (throttle.RefusedFor(client, Email!) is { } wait)
        {
            LogThrottled();
            Error = $"{ThrottledMessage} {VoiceSite.Limits.VoiceLimits.Describe(wait)}.";
            return Page();
        }

        var user = await users.FindByEmailAsync(Email!);
        if (user is null)
        {
            users.PasswordHasher.VerifyHashedPassword(new AppUser(), DummyHash.Value, Password!);
            throttle.Failed(client, Email!);
            LogUnknownAccount();
            Error = WrongCredentialsMessage;
            return Page();
        }

        // Administrators are never locked account-wide: anyone who knows the address could keep them out. The per-client
        // limit above still stops guessing from any one client.
        var isAdmin = await users.IsInRoleAsync(user, Roles.Admin);
        var result = await signIn.PasswordSignInAsync(user, Password!, RememberMe, lockoutOnFailure: !isAdmin);
        if (result.Succeeded)
        {
            throttle.Succeeded(client, Email!);
            LogSignedIn(user.Id);
            return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
        }
        if (!result.IsLockedOut)
            throttle.Failed(client, Email!);
        if (result.IsLockedOut)
        {
            LogLockedOut(user.Id);
            Error = LockedOutMessage;
        }
        else
        {
            LogFailed(user.Id);
            Error = WrongCredentialsMessage;
        }
        return Page();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} signed in")]
    private partial void LogSignedIn(string userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in failed for user {UserId}")]
    private partial void LogFailed(string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in refused: user {UserId} is locked out")]
    private partial void LogLockedOut(string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in refused: too many failures from this client for the account")]
    private partial void LogThrottled();

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in failed for an unknown email address")]
    private partial void LogUnknownAccount();
}
