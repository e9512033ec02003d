using System.Data.Common;
using System.Text.RegularExpressions;

namespace VoiceSite.Security;

/// <summary>
/// Every secret value the configuration holds (keys, passwords, tokens, connection-string passwords and account
/// keys), read again whenever the configuration reloads, and a way to blank them out of any text.
/// </summary>
public sealed partial class SecretValues
{
    public const string Mask = "[redacted]";

    /// <summary>Shorter values are not secrets worth scanning for (and would blank ordinary words).</summary>
    private const int MinimumLength = 6;

    private static readonly string[] ConnectionStringSecrets = ["Password", "Pwd", "AccountKey", "SharedAccessKey", "Key", "Secret", "Token"];

    private readonly IConfiguration _configuration;
    private volatile string[] _secrets;

    public SecretValues(IConfiguration configuration)
    {
        _configuration = configuration;
        _secrets = Read(configuration);
        Microsoft.Extensions.Primitives.ChangeToken.OnChange(configuration.GetReloadToken, () => _secrets = Read(_configuration));
    }

    public IReadOnlyList<string> All => _secrets;

    /// <summary>The text with every configured secret replaced by <see cref="Mask"/> (the same instance when it holds none).</summary>
    public string Redact(string text)
    {
        if (string.IsNullOrEmpty(text))
            return text;
        var result = text;
        foreach (var secret in _secrets)
        {
            if (result.Contains(secret, StringComparison.Ordinal))
                result = result.Replace(secret, Mask, StringComparison.Ordinal);
        }
        return result;
    }

    public bool Contains(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return false;
        foreach (var secret in _secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    private static string[] Read(IConfiguration configuration)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (string.IsNullOrWhiteSpace(value))
                continue;
            var name = key[(key.LastIndexOf(':') + 1)..];
            if (key.StartsWith("ConnectionStrings:", StringComparison.OrdinalIgnoreCase) || name.EndsWith("CONNECTION_STRING", StringComparison.OrdinalIgnoreCase))
                AddConnectionStringSecrets(value, found);
            else if (SecretName().IsMatch(name))
                Add(value, found);
        }
        // Longest first, so a secret that contains another is blanked whole.
        return [.. found.OrderByDescending(s => s.Length)];
    }

    private static void AddConnectionStringSecrets(string value, HashSet<string> found)
    {
        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = value };
            foreach (var part in ConnectionStringSecrets)
            {
                if (builder.TryGetValue(part, out var secret) && secret?.ToString() is { } text)
                    Add(text, found);
            }
        }
        catch (ArgumentException)
        {
            // Not a key=value connection string; nothing to pick out.
        }
    }

    private static void Add(string value, HashSet<string> found)
    {
        var trimmed = value.Trim();
        if (trimmed.Length >= MinimumLength)
            found.Add(trimmed);
    }

    /// <summary>Setting names that hold secrets: ...Key, ..._KEY, ApiKey, Password, Secret, Token, ClientSecret (not KeysPath).</summary>
    [GeneratedRegex(@"(key|password|pwd|secret|token)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();
}
