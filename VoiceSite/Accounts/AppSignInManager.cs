using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using VoiceSite.Data.Entities;

namespace VoiceSite.Accounts;

/// <summary>
/// Identity's sign-in manager, with the periodic sign-in check (security stamp validation, every
/// <see cref="AccountOptions.SignInCheckInterval"/>) also refusing a locked-out account, and a sign-in whose stamp was
/// revoked by signing out refused at once (<see cref="SignOutRevocations"/>).
/// </summary>
public sealed class AppSignInManager(
    UserManager<AppUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<AppUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<AppUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation,
    SignOutRevocations revocations)
    : SignInManager<AppUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<AppUser?> ValidateSecurityStampAsync(ClaimsPrincipal? principal)
    {
        if (principal is null || revocations.IsRevoked(principal))
            return null;
        var user = await base.ValidateSecurityStampAsync(principal);
        return user is not null && await UserManager.IsLockedOutAsync(user) ? null : user;
    }
}
