using Microsoft.Extensions.Options;

namespace VoiceSite.Security;

/// <summary>
/// Origins, besides the site's own (the request's scheme and host), that may open the voice hub from a browser
/// (setting <c>AllowedOrigins</c>: <c>AllowedOrigins__0=https://voice.example.com</c>, or one comma-separated value).
/// For deployments reached under more than one host name, or behind a front end that rewrites the Host header.
/// </summary>
public sealed class OriginOptions
{
    public const string Section = "AllowedOrigins";

    /// <summary>As configured; each must be an absolute http(s) origin without a path (checked at start).</summary>
    public List<string> Origins { get; } = [];

    /// <summary>The configured origins in the form browsers send (<c>https://host[:port]</c>).</summary>
    public IEnumerable<string> Normalized =>
        Origins.Select(o => Uri.TryCreate(o, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : o);

    internal void Load(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        Origins.AddRange(section.Value is { } single
            ? single.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.GetChildren().Select(c => c.Value?.Trim()).OfType<string>().Where(v => v.Length > 0));
    }
}

internal sealed class OriginOptionsValidator : IValidateOptions<OriginOptions>
{
    public ValidateOptionsResult Validate(string? name, OriginOptions options)
    {
        var bad = options.Origins.Where(value => !Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query)).ToList();
        return bad.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(bad.Select(v =>
                $"AllowedOrigins: \"{(v.Length <= 60 ? v : v[..60] + "…")}\" is not an origin such as https://voice.example.com (scheme, host and optional port, no path)."));
    }
}
