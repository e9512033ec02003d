using System.Net;
using System.Text.RegularExpressions;

namespace VoiceSite.Tests.Infrastructure;

/// <summary>
/// Reads what a browser would submit from server-rendered HTML: the antiforgery token and the fields of a form
/// (inputs, checked boxes, selected options, textareas), so tests post forms exactly as the page offers them.
/// </summary>
public static partial class HtmlForms
{
    public const string TokenField = "__RequestVerificationToken";

    /// <summary>The antiforgery request token of the page (a form's hidden field, else the layout's htmx header).</summary>
    public static string AntiforgeryToken(string html)
    {
        foreach (Match input in InputRegex().Matches(html))
        {
            var attributes = Attributes(input.Value);
            if (attributes.GetValueOrDefault("name") == TokenField && attributes.TryGetValue("value", out var value) && value.Length > 0)
                return value;
        }
        var header = HxHeadersTokenRegex().Match(html);
        if (header.Success)
            return WebUtility.HtmlDecode(header.Groups[1].Value);
        throw new InvalidOperationException("The page has no antiforgery token.");
    }

    /// <summary>
    /// The fields a browser would submit for the form with id <paramref name="formId"/> (or the first form
    /// posting to a page other than the sign-out), in document order.
    /// </summary>
    public static List<KeyValuePair<string, string>> Fields(string html, string? formId = null)
    {
        var form = FindForm(html, formId);
        var fields = new List<(int Index, KeyValuePair<string, string> Field)>();

        foreach (Match match in InputRegex().Matches(form))
        {
            var a = Attributes(match.Value);
            if (!a.TryGetValue("name", out var name) || a.ContainsKey("disabled"))
                continue;
            var type = a.GetValueOrDefault("type", "text").ToLowerInvariant();
            if (type is "submit" or "button" or "image" or "reset" or "file")
                continue;
            if (type is "checkbox" or "radio" && !a.ContainsKey("checked"))
                continue;
            var value = a.GetValueOrDefault("value", type is "checkbox" or "radio" ? "on" : "");
            fields.Add((match.Index, new(name, value)));
        }
        foreach (Match match in TextAreaRegex().Matches(form))
        {
            var a = Attributes(match.Groups[1].Value);
            if (!a.TryGetValue("name", out var name) || a.ContainsKey("disabled"))
                continue;
            var text = WebUtility.HtmlDecode(match.Groups[2].Value);
            if (text.StartsWith('\n'))
                text = text[1..];
            fields.Add((match.Index, new(name, text)));
        }
        foreach (Match match in SelectRegex().Matches(form))
        {
            var a = Attributes(match.Groups[1].Value);
            if (!a.TryGetValue("name", out var name) || a.ContainsKey("disabled"))
                continue;
            var options = OptionRegex().Matches(match.Groups[2].Value)
                .Select(o => (Attributes: Attributes(o.Groups[1].Value), Text: WebUtility.HtmlDecode(o.Groups[2].Value).Trim()))
                .ToList();
            var chosen = options.FirstOrDefault(o => o.Attributes.ContainsKey("selected"));
            if (chosen.Attributes is null && options.Count > 0)
                chosen = options[0];
            if (chosen.Attributes is not null)
                fields.Add((match.Index, new(name, chosen.Attributes.GetValueOrDefault("value", chosen.Text))));
        }
        return fields.OrderBy(f => f.Index).Select(f => f.Field).ToList();
    }

    /// <summary>The value a named field would submit, or null when the form has no such field.</summary>
    public static string? FieldValue(string html, string name, string? formId = null) =>
        Fields(html, formId).Where(f => f.Key == name).Select(f => f.Value).FirstOrDefault();

    /// <summary>Replaces every field named <paramref name="name"/> with one value (adds it when absent).</summary>
    public static List<KeyValuePair<string, string>> Set(this List<KeyValuePair<string, string>> fields, string name, string value)
    {
        var index = fields.FindIndex(f => f.Key == name);
        fields.RemoveAll(f => f.Key == name);
        fields.Insert(index < 0 ? fields.Count : index, new(name, value));
        return fields;
    }

    /// <summary>Removes the fields whose name starts with <paramref name="prefix"/> (e.g. <c>Input.Parameters[</c>).</summary>
    public static List<KeyValuePair<string, string>> RemoveAll(this List<KeyValuePair<string, string>> fields, string prefix)
    {
        fields.RemoveAll(f => f.Key.StartsWith(prefix, StringComparison.Ordinal));
        return fields;
    }

    /// <summary>Attribute values of one start tag, HTML-decoded; names lower-cased.</summary>
    public static Dictionary<string, string> Attributes(string tag)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var open = tag.IndexOf(' ', StringComparison.Ordinal);
        if (open < 0)
            return result;
        foreach (Match m in AttributeRegex().Matches(tag[open..]))
        {
            var value = m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Success ? m.Groups[3].Value : m.Groups[4].Success ? m.Groups[4].Value : "";
            result.TryAdd(m.Groups[1].Value.ToLowerInvariant(), WebUtility.HtmlDecode(value));
        }
        return result;
    }

    private static string FindForm(string html, string? formId)
    {
        foreach (Match match in FormRegex().Matches(html))
        {
            var a = Attributes(match.Groups[1].Value);
            var matches = formId is null
                ? !a.GetValueOrDefault("action", "").Contains("/Account/Logout", StringComparison.OrdinalIgnoreCase)
                : a.GetValueOrDefault("id") == formId;
            if (matches)
                return match.Value;
        }
        throw new InvalidOperationException(formId is null ? "The page has no form." : $"The page has no form with id \"{formId}\".");
    }

    [GeneratedRegex(@"<input\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InputRegex();

    [GeneratedRegex(@"(<textarea\b[^>]*>)(.*?)</textarea>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex TextAreaRegex();

    [GeneratedRegex(@"(<select\b[^>]*>)(.*?)</select>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex SelectRegex();

    [GeneratedRegex(@"(<option\b[^>]*>)(.*?)</option>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex OptionRegex();

    [GeneratedRegex(@"(<form\b[^>]*>).*?</form>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex FormRegex();

    [GeneratedRegex(@"([^\s=/>""']+)(?:\s*=\s*(?:""([^""]*)""|'([^']*)'|([^\s>""']+)))?")]
    private static partial Regex AttributeRegex();

    [GeneratedRegex(@"""RequestVerificationToken"":\s*""([^""]+)""")]
    private static partial Regex HxHeadersTokenRegex();
}

/// <summary>Posting forms the way a browser (or htmx) does.</summary>
public static class FormPostExtensions
{
    /// <summary>
    /// POSTs urlencoded <paramref name="fields"/> (which should hold the page's token). With <paramref name="htmx"/>,
    /// adds the headers htmx sends: <c>HX-Request</c> and the antiforgery header from the layout.
    /// </summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url,
        IEnumerable<KeyValuePair<string, string>> fields, bool htmx = false)
    {
        var list = fields.ToList();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(list) };
        if (htmx)
        {
            request.Headers.Add("HX-Request", "true");
            var token = list.FirstOrDefault(f => f.Key == HtmlForms.TokenField).Value;
            if (token is not null)
                request.Headers.Add("RequestVerificationToken", token);
        }
        return await client.SendAsync(request);
    }

    /// <summary>GETs a page and returns its HTML, failing the test unless the answer is 200.</summary>
    public static async Task<string> GetPageAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}: {html[..Math.Min(html.Length, 500)]}");
        return html;
    }

    /// <summary>The redirect target's path and query (works for absolute and relative Location headers).</summary>
    public static string? RedirectTarget(this HttpResponseMessage response) =>
        response.Headers.Location is { } location
            ? (location.IsAbsoluteUri ? location : new Uri(new Uri("http://localhost"), location)).PathAndQuery
            : null;
}
