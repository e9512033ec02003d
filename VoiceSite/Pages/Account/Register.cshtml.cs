using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using VoiceSite.Accounts;
using VoiceSite.Data.Entities;

namespace VoiceSite.Pages.Account;

public sealed partial class RegisterModel(
    UserManager<AppUser> users,
    IOptions<AccountOptions> accounts,
    ILogger<RegisterModel> logger) : PageModel
{
    public const string ClosedMessage = "Registration is closed. Ask an administrator for an account.";

    /// <summary>
    /// The one answer to a registration that passed the form's checks, whether the address was new or already had an
    /// account, so registering tells nobody which addresses have accounts. The site sends no email, so it cannot confirm
    /// the address either way; the answer is honest for both cases.
    /// </summary>
    public const string RegisteredMessage =
        "Registration received. Sign in with your email address and password. If that address already had an account, use that account's password.";

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
        if (result.Succeeded)
            LogRegistered(user.Id);
        else
        {
            // A taken address gets the same answer as a new one (no account enumeration); anything else, such as a
            // password the rules refuse, is the visitor's own input and is reported next to its field.
            var problems = result.Errors.Where(e => e.Code is not (nameof(IdentityErrorDescriber.DuplicateUserName)
                or nameof(IdentityErrorDescriber.DuplicateEmail))).ToList();
            if (problems.Count > 0)
            {
                foreach (var error in problems)
                {
                    var field = error.Code.StartsWith("Password", StringComparison.Ordinal) ? nameof(Password)
                        : error.Code.Contains("Email", StringComparison.Ordinal) ? nameof(Email)
                        : "";
                    ModelState.AddModelError(field, error.Description);
                }
                return Page();
            }
            LogAlreadyRegistered();
        }
        return RedirectToPage("/Account/Login", new { registered = true, returnUrl = Url.IsLocalUrl(returnUrl) ? returnUrl : null });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} registered")]
    private partial void LogRegistered(string userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Registration for an address that already has an account; answered as for a new one")]
    private partial void LogAlreadyRegistered();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registration refused: registration is switched off")]
    private partial void LogRefused();
}
