using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using VoiceSite.Accounts;
using VoiceSite.Data.Entities;

namespace VoiceSite.Pages.Account;

public sealed partial class RegisterModel(
    SignInManager<AppUser> signIn,
    UserManager<AppUser> users,
    IOptions<AccountOptions> accounts,
    ILogger<RegisterModel> logger) : PageModel
{
    public const string ClosedMessage = "Registration is closed. Ask an administrator for an account.";

    [BindProperty]
    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter an email address, such as name@example.com.")]
    [StringLength(256)]
    public string? Email { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Choose a password.")]
    [StringLength(100, MinimumLength = 8, ErrorMessage = "Use at least 8 characters.")]
    [DataType(DataType.Password)]
    public string? Password { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Type the password again.")]
    [Compare(nameof(Password), ErrorMessage = "The two passwords differ.")]
    [DataType(DataType.Password)]
    public string? ConfirmPassword { get; set; }

    public string? ReturnUrl { get; private set; }
    public bool Closed => !accounts.Value.AllowRegistration;

    public void OnGet(string? returnUrl) => ReturnUrl = returnUrl;

    public async Task<IActionResult> OnPostAsync(string? returnUrl)
    {
        ReturnUrl = returnUrl;
        if (Closed)
        {
            LogRefused();
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }
        if (!ModelState.IsValid)
            return Page();

        var user = new AppUser { UserName = Email, Email = Email };
        var result = await users.CreateAsync(user, Password!);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors.Where(e => e.Code != nameof(IdentityErrorDescriber.DuplicateUserName)))
            {
                var field = error.Code.StartsWith("Password", StringComparison.Ordinal) ? nameof(Password)
                    : error.Code.Contains("Email", StringComparison.Ordinal) ? nameof(Email)
                    : "";
                ModelState.AddModelError(field, error.Description);
            }
            return Page();
        }

        LogRegistered(user.Id);
        await signIn.SignInAsync(user, isPersistent: false);
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} registered")]
    private partial void LogRegistered(string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registration refused: registration is switched off")]
    private partial void LogRefused();
}
