namespace VoiceSite.Hosting;

public static class HtmxExtensions
{
    /// <summary>True for requests htmx made (it sends <c>HX-Request: true</c>).</summary>
    public static bool IsHtmx(this HttpRequest request) =>
        string.Equals(request.Headers["HX-Request"], "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// True when htmx asks for a whole page to restore history it did not keep (<c>HX-History-Restore-Request: true</c>):
    /// answer with the full page, not a partial, since htmx puts the answer in place of the whole body.
    /// </summary>
    public static bool IsHtmxHistoryRestore(this HttpRequest request) =>
        string.Equals(request.Headers["HX-History-Restore-Request"], "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Tells htmx to navigate the whole page to <paramref name="url"/>.</summary>
    public static void HtmxRedirect(this HttpResponse response, string url) => response.Headers["HX-Redirect"] = url;
}
