using System.Net;
using System.Net.WebSockets;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Security;

public sealed class AllowedOriginSiteFactory : KestrelVoiceSiteFactory
{
    public const string Extra = "https://voice.example.com";

    public AllowedOriginSiteFactory() => Settings["AllowedOrigins"] = Extra;
}

/// <summary>Issue 9, item 3: cross-site WebSocket hijacking. The hub takes only the site's own origins and the configured ones.</summary>
public sealed class HubOriginTests(AllowedOriginSiteFactory factory) : IClassFixture<AllowedOriginSiteFactory>
{
    private async Task<string> SignedInCookieAsync()
    {
        var (user, _) = await factory.CreateSignedInUserAsync();
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = factory.ServerAddress };
        await http.SignInAsync(user.Email!, "User-pass-1");
        return cookies.GetCookieHeader(factory.ServerAddress);
    }

    /// <summary>A browser-like WebSocket upgrade straight to the hub (as the browser client does, skipping negotiation).</summary>
    private async Task<HttpStatusCode> UpgradeAsync(string cookie, string? origin)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Cookie", cookie);
        if (origin is not null)
            socket.Options.SetRequestHeader("Origin", origin);
        var uri = new UriBuilder(new Uri(factory.ServerAddress, "/hubs/voice")) { Scheme = "ws" }.Uri;
        try
        {
            await socket.ConnectAsync(uri, CancellationToken.None);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
            return HttpStatusCode.SwitchingProtocols;
        }
        catch (WebSocketException)
        {
            return socket.HttpStatusCode;
        }
    }

    [Fact]
    public async Task An_upgrade_from_a_foreign_origin_with_a_valid_cookie_is_refused()
    {
        var cookie = await SignedInCookieAsync();

        Assert.Equal(HttpStatusCode.Forbidden, await UpgradeAsync(cookie, "http://evil.example"));
        // A sibling port of the same host is another origin too.
        Assert.Equal(HttpStatusCode.Forbidden, await UpgradeAsync(cookie, $"http://127.0.0.1:{factory.ServerAddress.Port + 1}"));
        Assert.Equal(HttpStatusCode.Forbidden, await UpgradeAsync(cookie, "null"));
    }

    [Fact]
    public async Task The_sites_own_origin_a_configured_origin_and_no_origin_are_accepted()
    {
        var cookie = await SignedInCookieAsync();

        Assert.Equal(HttpStatusCode.SwitchingProtocols, await UpgradeAsync(cookie, factory.ServerAddress.GetLeftPart(UriPartial.Authority)));
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await UpgradeAsync(cookie, AllowedOriginSiteFactory.Extra));
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await UpgradeAsync(cookie, null));
    }

    [Fact]
    public async Task Negotiate_from_a_foreign_origin_is_refused()
    {
        var cookie = await SignedInCookieAsync();
        using var http = new HttpClient { BaseAddress = factory.ServerAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hubs/voice/negotiate?negotiateVersion=1");
        request.Headers.Add("Cookie", cookie);
        request.Headers.Add("Origin", "http://evil.example");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
