using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using VoiceSite.Accounts;
using VoiceSite.Data.Entities;

namespace VoiceSite.Pages.Account;

public sealed partial class LoginModel(
    SignInManager<AppUser> signIn,
    UserManager<AppUser> users,
    IOptions<AccountOptions> accounts,
    ILogger<LoginModel> logger) : PageModel
{
    public const string WrongCredentialsMessage = "The email or password is not right. Check them and try again.";
    public const string LockedOutMessage = "Too many failed attempts: this account is locked for a few minutes. Try again later.";

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

    public void OnGet(string? returnUrl, bool signedOut = false)
    {
        ReturnUrl = returnUrl;
        SignedOut = signedOut;
    }

    public async Task<IActionResult> OnPostAsync(string? returnUrl)
    {
        ReturnUrl = returnUrl;
        if (!ModelState.IsValid)
            return Page();

        var user = await users.FindByEmailAsync(Email!);
        if (user is null)
        {
            users.PasswordHasher.VerifyHashedPassword(new AppUser(), DummyHash.Value, Password!);
            LogUnknownAccount();
            Error = WrongCredentialsMessage;
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(user, Password!, RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            LogSignedIn(user.Id);
            return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
        }
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in failed for an unknown email address")]
    private partial void LogUnknownAccount();
}
