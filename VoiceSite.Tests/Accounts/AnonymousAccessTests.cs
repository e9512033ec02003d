using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Accounts;

/// <summary>
/// Everything except the front door, /Account and /Error asks an anonymous visitor to sign in, GETs and POST
/// handlers alike. The front door tells a visitor what the site is, with sign-in and registration.
/// </summary>
public sealed class AnonymousAccessTests(VoiceSiteFactory factory) : IClassFixture<VoiceSiteFactory>
{
    private static readonly string SomeConversation = $"/Conversations/{Guid.NewGuid()}";

    private HttpClient NewClient() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public static TheoryData<string> Pages() =>
    [
        "/Scenarios",
        "/Scenarios/Start/1",
        "/Conversations",
        SomeConversation,
        $"{SomeConversation}?handler=Transcript",
        "/Admin/Scenarios",
        "/Admin/Scenarios/Edit",
        "/Admin/Scenarios/Edit/1",
        "/Admin/Scenarios/Delete/1",
    ];

    public static TheoryData<string> PostHandlers() =>
    [
        "/Scenarios/Start/1",
        $"{SomeConversation}?handler=Delete",
        "/Admin/Scenarios?handler=Publish&id=1&published=false",
        "/Admin/Scenarios/Edit",
        "/Admin/Scenarios/Edit/1",
        "/Admin/Scenarios/Edit/1?handler=Preview",
        "/Admin/Scenarios/Edit/1?handler=AddParameter",
        "/Admin/Scenarios/Delete/1",
    ];

    [Fact]
    public async Task A_visitor_lands_on_a_page_that_says_what_the_site_is_with_sign_in_and_register()
    {
        using var client = NewClient();
        using var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("How it works", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/Account/Login\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/Account/Register\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Your recent conversations", html, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Pages_redirect_to_sign_in(string url)
    {
        using var client = NewClient();
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/Account/Login?ReturnUrl={Uri.EscapeDataString(url)}", response.RedirectTarget());
    }

    [Theory]
    [MemberData(nameof(PostHandlers))]
    public async Task Post_handlers_redirect_to_sign_in(string url)
    {
        using var client = NewClient();
        var token = HtmlForms.AntiforgeryToken(await client.GetPageAsync("/Account/Login"));
        using var response = await client.PostFormAsync(url, [new(HtmlForms.TokenField, token), new("Input.Name", "x")]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login?ReturnUrl=", response.RedirectTarget(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Htmx_requests_are_sent_to_sign_in_with_a_whole_page_redirect()
    {
        using var client = NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Admin/Scenarios/Edit/1?handler=Preview");
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("HX-Current-URL", "http://localhost/Admin/Scenarios/Edit/1");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("/Account/Login?ReturnUrl=%2FAdmin%2FScenarios%2FEdit%2F1", Assert.Single(response.Headers.GetValues("HX-Redirect")));
    }

    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/Account/Register")]
    [InlineData("/healthz")]
    public async Task Sign_in_pages_and_health_are_open(string url)
    {
        using var client = NewClient();
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
