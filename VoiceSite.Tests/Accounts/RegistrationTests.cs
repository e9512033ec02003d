using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using VoiceSite.Data.Entities;
using VoiceSite.Pages.Account;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Accounts;

internal static class Registration
{
    public const string Password = "New-user-pass-1";

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string email, string password = Password, string? confirm = null)
    {
        var html = await client.GetPageAsync("/Account/Register");
        return await client.PostFormAsync("/Account/Register",
            [new("Email", email), new("Password", password), new("ConfirmPassword", confirm ?? password), new(HtmlForms.TokenField, HtmlForms.AntiforgeryToken(html))]);
    }

    public static async Task<AppUser?> FindUserAsync(VoiceSiteFactory factory, string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email);
    }
}

public sealed class RegistrationTests(VoiceSiteFactory factory) : IClassFixture<VoiceSiteFactory>
{
    private HttpClient NewClient() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task Registering_creates_an_ordinary_user_who_then_signs_in()
    {
        var email = $"new-{Guid.NewGuid():N}@test.local";
        using var client = NewClient();

        using var response = await Registration.PostAsync(client, email);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login?registered=True", response.RedirectTarget(), StringComparison.Ordinal);
        Assert.Contains("Registration received.", await client.GetPageAsync(response.RedirectTarget()!), StringComparison.Ordinal);
        var user = await Registration.FindUserAsync(factory, email);
        Assert.NotNull(user);
        await client.SignInAsync(email, Registration.Password);
        await client.GetPageAsync("/Conversations");
        using var admin = await client.GetAsync("/Admin/Scenarios");
        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", admin.RedirectTarget(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mismatched_passwords_create_nothing_and_a_taken_email_changes_nothing()
    {
        var email = $"new-{Guid.NewGuid():N}@test.local";
        using var client = NewClient();

        using (var mismatch = await Registration.PostAsync(client, email, confirm: "Other-pass-1"))
        {
            Assert.Equal(HttpStatusCode.OK, mismatch.StatusCode);
            Assert.Contains("The two passwords differ.", await mismatch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Null(await Registration.FindUserAsync(factory, email));

        // A taken address is answered like a new one (no account enumeration) and its account is untouched.
        using (var taken = await Registration.PostAsync(client, VoiceSiteFactory.AdminEmail))
        {
            Assert.Equal(HttpStatusCode.Redirect, taken.StatusCode);
            Assert.StartsWith("/Account/Login?registered=True", taken.RedirectTarget(), StringComparison.Ordinal);
        }
        using var admin = NewClient();
        await admin.SignInAsync(VoiceSiteFactory.AdminEmail, VoiceSiteFactory.AdminPassword);
    }
}

public sealed class ClosedRegistrationFactory : VoiceSiteFactory
{
    public ClosedRegistrationFactory() => Settings["Accounts:AllowRegistration"] = "false";
}

public sealed class ClosedRegistrationTests(ClosedRegistrationFactory factory) : IClassFixture<ClosedRegistrationFactory>
{
    [Fact]
    public async Task The_page_says_registration_is_closed_and_a_post_creates_nobody()
    {
        var email = $"closed-{Guid.NewGuid():N}@test.local";
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var page = await client.GetPageAsync("/Account/Register");
        Assert.Contains(RegisterModel.ClosedMessage, page, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Password\"", page, StringComparison.Ordinal);

        using var response = await client.PostFormAsync("/Account/Register",
            [new("Email", email), new("Password", Registration.Password), new("ConfirmPassword", Registration.Password), new(HtmlForms.TokenField, HtmlForms.AntiforgeryToken(page))]);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains(RegisterModel.ClosedMessage, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await Registration.FindUserAsync(factory, email));

        var login = await client.GetPageAsync("/Account/Login");
        Assert.DoesNotContain("/Account/Register", login, StringComparison.Ordinal);
    }
}
