namespace VoiceSite.Hosting;

public static class HtmxExtensions
{
    /// <summary>True for requests htmx made (it sends <c>HX-Request: true</c>).</summary>
    public static bool IsHtmx(this HttpRequest request) =>
        string.Equals(request.Headers["HX-Request"], "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Tells htmx to navigate the whole page to <paramref name="url"/>.</summary>
    public static void HtmxRedirect(this HttpResponse response, string url) => response.Headers["HX-Redirect"] = url;
}
