using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using VoiceSite.Data.Entities;
using VoiceSite.Pages.Account;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Accounts;

public sealed class SignInTests(VoiceSiteFactory factory) : IClassFixture<VoiceSiteFactory>
{
    private const string Password = "User-pass-1";

    private HttpClient NewClient() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static string NewEmail() => $"signin-{Guid.NewGuid():N}@test.local";

    private static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password, string? returnUrl = null)
    {
        var url = returnUrl is null ? "/Account/Login" : $"/Account/Login?returnUrl={Uri.EscapeDataString(returnUrl)}";
        var html = await client.GetPageAsync(url);
        return await client.PostFormAsync(url, [new("Email", email), new("Password", password), new("RememberMe", "true"), new(HtmlForms.TokenField, HtmlForms.AntiforgeryToken(html))]);
    }

    private static async Task AssertSignedOutAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/Conversations");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.RedirectTarget(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Right_password_signs_in_and_returns_to_the_local_page()
    {
        var email = NewEmail();
        await factory.CreateUserAsync(email, Password);
        using var client = NewClient();

        using var response = await PostLoginAsync(client, email, Password, returnUrl: "/Conversations");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Conversations", response.RedirectTarget());
        var html = await client.GetPageAsync("/Conversations");
        Assert.Contains("My conversations", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_return_url_to_another_site_is_ignored()
    {
        var email = NewEmail();
        await factory.CreateUserAsync(email, Password);
        using var client = NewClient();

        using var response = await PostLoginAsync(client, email, Password, returnUrl: "https://evil.example/steal");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.RedirectTarget());
    }

    [Fact]
    public async Task Wrong_password_and_unknown_email_get_the_same_message()
    {
        var email = NewEmail();
        await factory.CreateUserAsync(email, Password);
        using var client = NewClient();

        using var wrong = await PostLoginAsync(client, email, "Not-the-password-1");
        using var unknown = await PostLoginAsync(client, NewEmail(), Password);

        foreach (var response in new[] { wrong, unknown })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains(LoginModel.WrongCredentialsMessage, html, StringComparison.Ordinal);
            Assert.DoesNotContain(LoginModel.LockedOutMessage, html, StringComparison.Ordinal);
        }
        await AssertSignedOutAsync(client);
    }

    [Fact]
    public async Task Five_failures_from_one_client_refuse_it_for_that_account_while_the_owner_still_signs_in()
    {
        var email = NewEmail();
        await factory.CreateUserAsync(email, Password);
        using var attacker = NewClient();
        attacker.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            using var failed = await PostLoginAsync(attacker, email, $"Wrong-pass-{attempt}");
            Assert.Contains(LoginModel.WrongCredentialsMessage, await failed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        // From then on this client is refused for this account, even with the right password (its guesses stop counting).
        using (var refused = await PostLoginAsync(attacker, email, Password))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains(LoginModel.ThrottledMessage, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        await AssertSignedOutAsync(attacker);

        // The account is not locked: its owner, elsewhere, signs in.
        using var owner = NewClient();
        owner.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.2");
        using var right = await PostLoginAsync(owner, email, Password);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.False(await users.IsLockedOutAsync((await users.FindByEmailAsync(email))!));
    }

    [Fact]
    public async Task Missing_fields_are_reported_next_to_them()
    {
        using var client = NewClient();
        using var response = await PostLoginAsync(client, "", "");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Enter your email address.", html, StringComparison.Ordinal);
        Assert.Contains("Enter your password.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_out_is_a_post_with_the_layout_token()
    {
        var email = NewEmail();
        await factory.CreateUserAsync(email, Password);
        using var client = await factory.CreateSignedInClientAsync(email, Password);

        // GET only asks; the user stays signed in.
        var ask = await client.GetPageAsync("/Account/Logout");
        Assert.Contains("Sign out of VoiceSite", ask, StringComparison.Ordinal);
        await client.GetPageAsync("/Conversations");

        // Without a token the POST is refused.
        using (var forged = await client.PostFormAsync("/Account/Logout", []))
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        await client.GetPageAsync("/Conversations");

        // The sign-out button in the layout carries a token.
        var home = await client.GetPageAsync("/");
        var fields = HtmlForms.Fields(home.Replace("action=\"/Account/Logout\"", "id=\"logout\" action=\"/Account/Logout\"", StringComparison.Ordinal), "logout");
        using var response = await client.PostFormAsync("/Account/Logout", fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.RedirectTarget(), StringComparison.Ordinal);
        await AssertSignedOutAsync(client);
    }

    [Fact]
    public async Task Access_denied_page_answers_403()
    {
        using var client = NewClient();
        using var response = await client.GetAsync("/Account/AccessDenied");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("administrators only", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
