using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using VoiceSite.Data;
using VoiceSite.Data.Entities;
using VoiceSite.Hosting;

namespace VoiceSite.Accounts;

public static class AccountsSetup
{
    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        builder.Services
            .AddIdentity<AppUser, IdentityRole>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 8;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager<AppSignInManager>()
            .AddDefaultTokenProviders();
        builder.Services.AddOptions<IdentityOptions>().Configure<IOptions<AccountOptions>>((o, accounts) =>
        {
            o.Lockout.MaxFailedAccessAttempts = accounts.Value.LockoutFailures;
            o.Lockout.DefaultLockoutTimeSpan = accounts.Value.LockoutDuration;
        });
        // The sign-in cookie is re-checked against the database (stamp, lockout, roles) this often; hub connections too.
        builder.Services.AddOptions<SecurityStampValidatorOptions>().Configure<IOptions<AccountOptions>>((o, accounts) =>
            o.ValidationInterval = accounts.Value.SignInCheckInterval);
        builder.Services.AddSingleton<SignOutRevocations>();
        builder.Services.AddSingleton<SignInThrottle>();
        builder.Services.AddHostedService<HubSignInCheck>();

        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.Cookie.Name = "VoiceSite.Auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.SlidingExpiration = true;

            // A cookie whose sign-in was revoked by signing out is refused at once, not only at the next periodic check.
            var validate = o.Events.OnValidatePrincipal;
            o.Events.OnValidatePrincipal = async context =>
            {
                if (context.Principal is { } principal
                    && context.HttpContext.RequestServices.GetRequiredService<SignOutRevocations>().IsRevoked(principal))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    return;
                }
                await validate(context);
            };

            // htmx follows redirects inside XHR and would swap the sign-in page into a fragment:
            // tell it to navigate the whole page instead.
            var toLogin = o.Events.OnRedirectToLogin;
            var toAccessDenied = o.Events.OnRedirectToAccessDenied;
            // Hubs are called by script, never navigated to: a plain status, not a redirect.
            o.Events.OnRedirectToLogin = context =>
                context.Request.Path.StartsWithSegments("/hubs") ? Status(context, StatusCodes.Status401Unauthorized)
                : context.Request.IsHtmx() ? HtmxRedirect(context, StatusCodes.Status401Unauthorized, context.Options.LoginPath)
                : toLogin(context);
            o.Events.OnRedirectToAccessDenied = context =>
                context.Request.Path.StartsWithSegments("/hubs") ? Status(context, StatusCodes.Status403Forbidden)
                : context.Request.IsHtmx() ? HtmxRedirect(context, StatusCodes.Status403Forbidden, context.Options.AccessDeniedPath)
                : toAccessDenied(context);
        });

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin));
        return builder;
    }

    private static Task Status(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    /// <summary>Answers an htmx request with a status and <c>HX-Redirect</c>, returning to the page the user was on.</summary>
    private static Task HtmxRedirect(RedirectContext<CookieAuthenticationOptions> context, int status, PathString target)
    {
        var returnUrl = "/";
        if (Uri.TryCreate(context.Request.Headers["HX-Current-URL"], UriKind.Absolute, out var current)
            && string.Equals(current.Authority, context.Request.Host.Value, StringComparison.OrdinalIgnoreCase))
            returnUrl = current.PathAndQuery;
        context.Response.StatusCode = status;
        context.Response.HtmxRedirect($"{context.Request.PathBase}{target}?{context.Options.ReturnUrlParameter}={Uri.EscapeDataString(returnUrl)}");
        return Task.CompletedTask;
    }
}

public static class Policies
{
    public const string Admin = "Admin";
}
