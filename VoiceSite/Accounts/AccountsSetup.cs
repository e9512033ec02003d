using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using VoiceSite.Data;
using VoiceSite.Data.Entities;
using VoiceSite.Hosting;

namespace VoiceSite.Accounts;

public static class AccountsSetup
{
    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section).ValidateOnStart();
        builder.Services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        builder.Services
            .AddIdentity<AppUser, IdentityRole>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 8;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders();

        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.Cookie.Name = "VoiceSite.Auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.SlidingExpiration = true;

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
