using System.Net;
using System.Text.RegularExpressions;

namespace VoiceSite.Tests.Web;

/// <summary>What a browser gets for a page's stylesheets and scripts: fingerprinted, cached for good, compressed.</summary>
public static partial class StaticAssets
{
    /// <summary>The local stylesheet and script URLs a page's HTML refers to.</summary>
    public static IReadOnlyList<string> ReferencedBy(string html) =>
        AssetUrl().Matches(html).Select(m => m.Groups["url"].Value).Where(u => u.StartsWith('/')).Distinct().ToList();

    /// <summary>
    /// Fetches each asset the page refers to with <paramref name="acceptEncoding"/> and asserts: the URL carries a
    /// fingerprint, the answer is cached as immutable, has the right type and comes in <paramref name="expectedEncoding"/>,
    /// smaller than the file itself. Returns (url, bytes on the wire, bytes uncompressed) for each. A build's output
    /// (<paramref name="published"/> false) is revalidated on each use instead, so an edited file shows at once, and is
    /// compressed on the fly for speed, not size.
    /// </summary>
    public static async Task<List<(string Url, long Wire, long Raw)>> CheckAsync(HttpClient http, Uri page, string acceptEncoding, string expectedEncoding,
        bool published = true)
    {
        var html = await http.GetStringAsync(page);
        var urls = ReferencedBy(html);
        Assert.NotEmpty(urls);
        var figures = new List<(string, long, long)>();
        foreach (var url in urls)
        {
            Assert.Matches(Fingerprinted(), url);
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(page, url));
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(expectedEncoding, response.Content.Headers.ContentEncoding);
            Assert.Equal(published, (response.Headers.CacheControl?.ToString() ?? "").Contains("immutable", StringComparison.Ordinal));
            Assert.Matches("^(text/css|text/javascript|application/javascript)", response.Content.Headers.ContentType?.MediaType ?? "");
            var wire = (await response.Content.ReadAsByteArrayAsync()).Length;
            using var plain = await http.GetAsync(new Uri(page, url));
            var raw = (await plain.Content.ReadAsByteArrayAsync()).Length;
            Assert.Empty(plain.Content.Headers.ContentEncoding); // a client that asks for nothing gets the file as is
            if (published) // a build's development handler recompresses files on the fly at the fastest level
                Assert.True(wire < raw * 0.6, $"{url}: {wire} bytes {expectedEncoding} of {raw} bytes");
            figures.Add((url, wire, raw));
        }
        return figures;
    }

    [GeneratedRegex("(?:href|src)=\"(?<url>[^\"]+\\.(?:css|js))\"")]
    private static partial Regex AssetUrl();

    [GeneratedRegex(@"\.[a-z0-9]{10}\.(css|js)$")]
    private static partial Regex Fingerprinted();
}
