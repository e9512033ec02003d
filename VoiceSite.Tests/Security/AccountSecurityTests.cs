using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using VoiceSite.Data.Entities;
using VoiceSite.Pages.Account;
using VoiceSite.Tests.Accounts;
using VoiceSite.Tests.Infrastructure;
using VoiceSite.Voice;

namespace VoiceSite.Tests.Security;

/// <summary>The default per-client limits (the base factory lifts them) and a one-second sign-in check.</summary>
public sealed class AccountSecuritySiteFactory : KestrelVoiceSiteFactory
{
    public AccountSecuritySiteFactory()
    {
        Settings["RateLimits:SignInPerMinute"] = "10";
        Settings["RateLimits:RegistrationsPerHour"] = "10";
        Settings["RateLimits:ConversationsPerMinute"] = "10";
        Settings["Accounts:SignInCheckInterval"] = "00:00:01";
    }
}

/// <summary>Issue 9, items 6 (revocation) and 7 (sign-up and sign-in abuse).</summary>
public sealed class AccountSecurityTests(AccountSecuritySiteFactory factory) : IClassFixture<AccountSecuritySiteFactory>
{
    private HttpClient NewClient(string clientAddress)
    {
        // Its own handler: a Kestrel factory's clients follow redirects whatever the options say.
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = factory.ServerAddress };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", clientAddress);
        return client;
    }

    private static string NewAddress() => $"198.51.100.{Random.Shared.Next(1, 250)}";

    [Fact]
    public async Task Signing_out_ends_live_sessions_closes_hub_connections_and_a_replayed_cookie_opens_nothing()
    {
        var (user, _) = await factory.CreateSignedInUserAsync();
        var conversation = await factory.CreateConversationAsync(user.Email!);
        await using var voice = await VoiceHubClient.ConnectAsync(factory, user.Email!);
        await voice.StartSessionAsync(conversation, "pipeline");
        var closed = new TaskCompletionSource();
        voice.Connection.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };

        using var browser = NewClient(NewAddress());
        await browser.SignInAsync(user.Email!, "User-pass-1");
        var page = await browser.GetPageAsync("/Conversations");

        // The cookie as an attacker would have copied it before the user signed out.
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
        var replay = await ReplayableCookieAsync(user.Email!);
        using (var signOut = await browser.PostFormAsync("/Account/Logout", [new(HtmlForms.TokenField, HtmlForms.AntiforgeryToken(page))]))
            Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        var ended = await voice.WaitForAsync("SessionEnded");
        Assert.Equal(LogoutModel.SignedOutReason, ended.Text(0));
        Assert.Contains(voice.Events, e => e.Name == "Error" && e.Text(0) == VoiceErrorCodes.SignedOut);
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(20));

        // Every copy of the sign-in is dead: pages send it to sign in, the hub answers 401.
        using var raw = new HttpClient(handler) { BaseAddress = factory.ServerAddress };
        using var pageRequest = new HttpRequestMessage(HttpMethod.Get, "/Conversations");
        pageRequest.Headers.Add("Cookie", replay);
        using var pageAnswer = await raw.SendAsync(pageRequest);
        Assert.Equal(HttpStatusCode.Redirect, pageAnswer.StatusCode);
        Assert.Contains("/Account/Login", pageAnswer.Headers.Location?.OriginalString);
        using var hubRequest = new HttpRequestMessage(HttpMethod.Post, "/hubs/voice/negotiate?negotiateVersion=1");
        hubRequest.Headers.Add("Cookie", replay);
        using var hubAnswer = await raw.SendAsync(hubRequest);
        Assert.Equal(HttpStatusCode.Unauthorized, hubAnswer.StatusCode);
    }

    /// <summary>A second sign-in of the user (another device), its cookie header kept as a string.</summary>
    private async Task<string> ReplayableCookieAsync(string email)
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = factory.ServerAddress };
        http.DefaultRequestHeaders.Add("X-Forwarded-For", NewAddress());
        await http.SignInAsync(email, "User-pass-1");
        return cookies.GetCookieHeader(factory.ServerAddress);
    }

    [Fact]
    public async Task Locking_a_user_closes_their_hub_connection_and_pages_within_the_check_interval()
    {
        var (user, _) = await factory.CreateSignedInUserAsync();
        using var client = NewClient(NewAddress());
        await client.SignInAsync(user.Email!, "User-pass-1");
        var conversation = await factory.CreateConversationAsync(user.Email!);
        await using var voice = await VoiceHubClient.ConnectAsync(factory, user.Email!);
        await voice.StartSessionAsync(conversation, "pipeline");

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByIdAsync(user.Id))!, DateTimeOffset.UtcNow.AddDays(1));
        }

        var ended = await voice.WaitForAsync("SessionEnded", timeoutSeconds: 15);
        Assert.Contains("Sign in again", ended.Text(0));
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // past the one-second check interval (the cookie's issue time has seconds)
        using var page = await client.GetAsync("/Conversations");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Account/Login", page.RedirectTarget(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Removing_the_admin_role_takes_effect_on_admin_pages_within_the_check_interval()
    {
        var email = $"second-admin-{Guid.NewGuid():N}@test.local";
        var user = await factory.CreateUserAsync(email);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await users.AddToRoleAsync((await users.FindByIdAsync(user.Id))!, Roles.Admin);
        }
        using var client = NewClient(NewAddress());
        await client.SignInAsync(email, "User-pass-1");
        await client.GetPageAsync("/Admin/Scenarios");

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await users.RemoveFromRoleAsync((await users.FindByIdAsync(user.Id))!, Roles.Admin);
        }

        await Task.Delay(TimeSpan.FromSeconds(2.5)); // past the one-second check interval (the cookie's issue time has seconds)
        using var denied = await client.GetAsync("/Admin/Scenarios");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", denied.RedirectTarget(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_in_registration_and_conversation_floods_from_one_client_are_cut_off()
    {
        using var client = NewClient("203.0.113.50");
        var login = await client.GetPageAsync("/Account/Login");
        var signIns = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            using var answer = await client.PostFormAsync("/Account/Login",
                [new("Email", $"nobody-{i}@test.local"), new("Password", "Wrong-pass-1"), new(HtmlForms.TokenField, HtmlForms.AntiforgeryToken(login))]);
            signIns.Add(answer.StatusCode);
        }
        Assert.Equal(10, signIns.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(20, signIns.Count(s => s == HttpStatusCode.TooManyRequests));

        var registrations = new List<HttpStatusCode>();
        for (var i = 0; i < 15; i++)
        {
            using var answer = await Registration.PostAsync(client, $"flood-{Guid.NewGuid():N}@test.local");
            registrations.Add(answer.StatusCode);
        }
        Assert.Equal(10, registrations.Count(s => s == HttpStatusCode.Redirect));
        Assert.Equal(5, registrations.Count(s => s == HttpStatusCode.TooManyRequests));

        var (member, _) = await factory.CreateSignedInUserAsync();
        using var user = NewClient(NewAddress());
        await user.SignInAsync(member.Email!, "User-pass-1");
        var scenario = await factory.CreateScenarioAsync();
        var start = await user.GetPageAsync($"/Scenarios/Start/{scenario}");
        var created = new List<HttpStatusCode>();
        string? refusal = null;
        for (var i = 0; i < 15; i++)
        {
            using var answer = await user.PostFormAsync($"/Scenarios/Start/{scenario}",
                [new("Values[person]", "Sam"), new("Values[topic]", "sport"), new(HtmlForms.TokenField, HtmlForms.AntiforgeryToken(start))], htmx: true);
            created.Add(answer.StatusCode);
            if (answer.StatusCode == HttpStatusCode.TooManyRequests)
                refusal = await answer.Content.ReadAsStringAsync();
        }
        Assert.Equal(5, created.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Contains("Too many conversations started", refusal);
    }

    [Fact]
    public async Task Registering_a_taken_email_gets_the_same_answer_as_a_new_one()
    {
        using var client = NewClient(NewAddress());
        var taken = (await factory.CreateSignedInUserAsync()).User.Email!;

        using var fresh = await Registration.PostAsync(client, $"fresh-{Guid.NewGuid():N}@test.local");
        using var existing = await Registration.PostAsync(client, taken);

        Assert.Equal(fresh.StatusCode, existing.StatusCode);
        Assert.Equal(fresh.RedirectTarget(), existing.RedirectTarget());
        Assert.Equal(await fresh.Content.ReadAsStringAsync(), await existing.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Nobody_can_keep_a_known_account_or_the_administrator_locked()
    {
        var victim = (await factory.CreateSignedInUserAsync()).User.Email!;
        foreach (var email in new[] { victim, VoiceSiteFactory.AdminEmail })
        {
            // One client guessing: after five failures it is refused for the account, its guesses stop counting.
            using var attacker = NewClient("203.0.113.66");
            var login = await attacker.GetPageAsync("/Account/Login");
            for (var i = 0; i < 8; i++)
            {
                using var _ = await attacker.PostFormAsync("/Account/Login",
                    [new("Email", email), new("Password", $"Guess-{i}-pass"), new(HtmlForms.TokenField, HtmlForms.AntiforgeryToken(login))]);
            }
            using var owner = NewClient("192.0.2.10");
            await owner.SignInAsync(email, email == VoiceSiteFactory.AdminEmail ? VoiceSiteFactory.AdminPassword : "User-pass-1");
        }

        // Many clients together lock an ordinary account for a while, but never the administrator's.
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        for (var client = 0; client < 6; client++)
        {
            using var attacker = NewClient($"203.0.113.{100 + client}");
            var login = await attacker.GetPageAsync("/Account/Login");
            for (var i = 0; i < 5; i++)
            {
                using var _ = await attacker.PostFormAsync("/Account/Login",
                    [new("Email", VoiceSiteFactory.AdminEmail), new("Password", $"Guess-{i}-pass"), new(HtmlForms.TokenField, HtmlForms.AntiforgeryToken(login))]);
            }
        }
        Assert.False(await users.IsLockedOutAsync((await users.FindByEmailAsync(VoiceSiteFactory.AdminEmail))!));
        using var admin = NewClient("192.0.2.11");
        await admin.SignInAsync(VoiceSiteFactory.AdminEmail, VoiceSiteFactory.AdminPassword);
    }
}
