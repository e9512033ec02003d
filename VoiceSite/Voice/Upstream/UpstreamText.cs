using System.Text;
using System.Text.RegularExpressions;

namespace VoiceSite.Voice.Upstream;

/// <summary>
/// Text that came from an upstream (an error message, the start of an error body), made fit for a log line: the key
/// sent to that service, bearer tokens and JWTs blanked, control characters dropped, cut to <see cref="MaxLength"/>.
/// Never for the browser: people get the fixed texts of <see cref="UpstreamException"/>. (Every log line is also
/// scrubbed of all configured secrets by the site's logger factory; this covers tokens that are not configured.)
/// </summary>
public static partial class UpstreamText
{
    public const int MaxLength = 300;

    public static string ForLog(string? text, string? key = null)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        var result = text;
        if (!string.IsNullOrEmpty(key) && key.Length >= 4)
            result = result.Replace(key, "[key]", StringComparison.Ordinal);
        result = Bearer().Replace(result, "Bearer [token]");
        result = Jwt().Replace(result, "[token]");
        var clean = new StringBuilder(Math.Min(result.Length, MaxLength + 1));
        foreach (var c in result)
        {
            if (clean.Length > MaxLength)
                break;
            clean.Append(char.IsControl(c) ? ' ' : c);
        }
        return clean.Length > MaxLength ? clean.ToString(0, MaxLength) + "…" : clean.ToString();
    }

    /// <summary>An upstream's error code as a short token safe to log (letters, digits, '_', '.', '-').</summary>
    public static string Code(string? code)
    {
        if (string.IsNullOrEmpty(code))
            return "unknown";
        var clean = new string(code.Where(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-').Take(64).ToArray());
        return clean.Length == 0 ? "unknown" : clean;
    }

    [GeneratedRegex(@"Bearer\s+[A-Za-z0-9\-._~+/]+=*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Bearer();

    [GeneratedRegex(@"eyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*", RegexOptions.CultureInvariant)]
    private static partial Regex Jwt();
}
