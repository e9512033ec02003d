using Microsoft.AspNetCore.HttpOverrides;
using VoiceSite.Accounts;
using VoiceSite.Security;

namespace VoiceSite.Hosting;

public static class WebUiSetup
{
    /// <summary>The header htmx sends the antiforgery token in (set on &lt;body hx-headers&gt; by the layout).</summary>
    public const string AntiforgeryHeader = "RequestVerificationToken";

    public static WebApplicationBuilder AddWebUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/");
            o.Conventions.AuthorizeFolder("/Admin", Policies.Admin);
            o.Conventions.AllowAnonymousToFolder("/Account");
            o.Conventions.AllowAnonymousToPage("/Error");
        });
        builder.Services.AddAntiforgery(o => o.HeaderName = AntiforgeryHeader);
        // A build's output (tests, replicas, `dotnet run` in any environment) keeps the compressed copies under obj/:
        // the build's manifest says where. Only Development reads it by default; a publish has none and needs none.
        builder.WebHost.UseStaticWebAssets();

        // Azure Container Apps terminates TLS in front of the app.
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
        });
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    public static WebApplication UseWebUi(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseSecurityHeaders(); // first, so every response has them: static files and error pages too
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error");
            app.UseHsts();
        }
        app.UseStatusCodePagesWithReExecute("/Error", "?code={0}");
        app.UseWebSockets();
        app.UseMiddleware<HubOriginCheck>(); // before authentication: a foreign page's upgrade never gets as far as the cookie
        app.UseRouting();
        app.UseAuthentication();
        app.UseRateLimiter(); // after authentication: conversation creation is limited per user
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    /// <summary>
    /// Static files through the build's asset manifest: precompressed (Brotli and gzip, chosen by Accept-Encoding),
    /// ETags, and fingerprinted URLs from the tag helpers (asp-append-version) cached for a year; pages after them.
    /// </summary>
    public static WebApplication MapWebUi(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorPages().WithStaticAssets();
        return app;
    }
}
