using Microsoft.AspNetCore.Mvc.Testing;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Accounts;

/// <summary>Sign-in and registration errors are tied to their fields for screen readers (aria-invalid, aria-describedby).</summary>
public sealed class AccountFormErrorTests(VoiceSiteFactory factory) : IClassFixture<VoiceSiteFactory>
{
    private HttpClient NewClient() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task A_weak_password_marks_the_password_field_and_points_at_its_message()
    {
        using var client = NewClient();
        using var response = await Registration.PostAsync(client, $"weak-{Guid.NewGuid():N}@test.local", "short", "short");
        var html = await response.Content.ReadAsStringAsync();

        var password = Tag(html, "id=\"Password\"");
        Assert.Contains("aria-invalid=\"true\"", password, StringComparison.Ordinal);
        Assert.Matches("aria-describedby=\"[^\"]*Password-error", password);
        Assert.Matches("id=\"Password-error\"[^>]*>[^<]*\\w", html);
        Assert.DoesNotContain("aria-invalid", Tag(html, "id=\"Email\""), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_sign_in_marks_both_fields_and_points_at_the_message()
    {
        using var client = NewClient();
        var page = await client.GetPageAsync("/Account/Login");
        using var response = await client.PostFormAsync("/Account/Login",
            [new("Email", "nobody@test.local"), new("Password", "Wrong-pass-1"), new(HtmlForms.TokenField, HtmlForms.AntiforgeryToken(page))]);
        var html = await response.Content.ReadAsStringAsync();

        foreach (var field in new[] { "id=\"Email\"", "id=\"Password\"" })
        {
            Assert.Contains("aria-invalid=\"true\"", Tag(html, field), StringComparison.Ordinal);
            Assert.Contains("aria-describedby=\"signin-error\"", Tag(html, field), StringComparison.Ordinal);
        }
        Assert.Contains("id=\"signin-error\"", html, StringComparison.Ordinal);
    }

    private static string Tag(string html, string marker)
    {
        var at = html.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, $"no element with {marker}");
        var start = html.LastIndexOf('<', at);
        return html[start..(html.IndexOf('>', at) + 1)];
    }
}
