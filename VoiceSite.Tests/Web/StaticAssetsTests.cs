using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Web;

/// <summary>
/// Static files from the build's asset manifest: every stylesheet and script a page uses has a fingerprinted URL
/// and comes compressed. (A build carries gzip copies and is revalidated on each use; the published site in the
/// container test adds Brotli and caches for good.)
/// </summary>
public sealed class StaticAssetsTests(KestrelVoiceSiteFactory factory) : IClassFixture<KestrelVoiceSiteFactory>
{
    [Fact]
    public async Task Pages_refer_to_fingerprinted_compressed_assets_cached_for_good()
    {
        using var http = new HttpClient { BaseAddress = factory.ServerAddress };
        var figures = await StaticAssets.CheckAsync(http, new Uri(factory.ServerAddress, "/Account/Login"), "gzip, deflate", "gzip", published: false);
        Assert.Contains(figures, f => f.Url.StartsWith("/css/site.", StringComparison.Ordinal));
        Assert.Contains(figures, f => f.Url.StartsWith("/lib/htmx/", StringComparison.Ordinal));

        // A file without a fingerprint is still served (old links, the 429 page).
        using var plain = await http.GetAsync("/css/site.css");
        plain.EnsureSuccessStatusCode();
        Assert.Equal("text/css", plain.Content.Headers.ContentType?.MediaType);
    }
}
