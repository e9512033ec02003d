using System.Text;
using System.Text.RegularExpressions;

namespace VoiceSite.Scenarios;

/// <summary>
/// Scenario instructions with <c>{{key}}</c> placeholders (inner spaces allowed: <c>{{ key }}</c>; keys are letters,
/// digits and underscores). Keys match parameters case-insensitively. A placeholder with no value is left as written.
/// </summary>
public static partial class InstructionsTemplate
{
    /// <summary>Characters a parameter key (and so a placeholder) may use.</summary>
    public const string KeyPattern = "^[A-Za-z0-9_]+$";

    public static bool IsValidKey(string? key) => !string.IsNullOrEmpty(key) && KeyRegex().IsMatch(key);

    /// <summary>The template split into literal text and placeholders, in order.</summary>
    public static IReadOnlyList<TemplateSegment> Parse(string? template)
    {
        var segments = new List<TemplateSegment>();
        if (string.IsNullOrEmpty(template))
            return segments;
        var position = 0;
        foreach (Match match in PlaceholderRegex().Matches(template))
        {
            if (match.Index > position)
                segments.Add(new TemplateSegment(template[position..match.Index], null));
            segments.Add(new TemplateSegment(match.Value, match.Groups[1].Value));
            position = match.Index + match.Length;
        }
        if (position < template.Length)
            segments.Add(new TemplateSegment(template[position..], null));
        return segments;
    }

    /// <summary>Replaces each placeholder that has a value; others are kept as written.</summary>
    public static string Render(string? template, IReadOnlyDictionary<string, string> values)
    {
        var lookup = new Dictionary<string, string>(values, StringComparer.OrdinalIgnoreCase);
        var builder = new StringBuilder(template?.Length ?? 0);
        foreach (var segment in Parse(template))
        {
            builder.Append(segment.Key is not null && lookup.TryGetValue(segment.Key, out var value) ? value : segment.Text);
        }
        return builder.ToString();
    }

    /// <summary>The distinct placeholder keys, in order of first use (first spelling kept).</summary>
    public static IReadOnlyList<string> Placeholders(string? template) =>
        Parse(template).Where(s => s.Key is not null).Select(s => s.Key!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>Placeholders that name no parameter, and parameters the template never uses.</summary>
    public static TemplateCheck Check(string? template, IEnumerable<string> parameterKeys)
    {
        var keys = parameterKeys.Where(k => !string.IsNullOrWhiteSpace(k)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var used = Placeholders(template);
        var usedSet = new HashSet<string>(used, StringComparer.OrdinalIgnoreCase);
        var keySet = new HashSet<string>(keys, StringComparer.OrdinalIgnoreCase);
        return new TemplateCheck(
            UnknownPlaceholders: used.Where(p => !keySet.Contains(p)).ToList(),
            UnusedParameters: keys.Where(k => !usedSet.Contains(k)).ToList());
    }

    [GeneratedRegex(@"\{\{[ \t]*([A-Za-z0-9_]+)[ \t]*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderRegex();

    [GeneratedRegex(KeyPattern, RegexOptions.CultureInvariant)]
    private static partial Regex KeyRegex();
}

/// <summary>Literal text (<see cref="Key"/> null) or a placeholder as written in the template.</summary>
public sealed record TemplateSegment(string Text, string? Key);

public sealed record TemplateCheck(IReadOnlyList<string> UnknownPlaceholders, IReadOnlyList<string> UnusedParameters)
{
    public bool HasUnknownPlaceholders => UnknownPlaceholders.Count > 0;
    public bool IsClean => UnknownPlaceholders.Count == 0 && UnusedParameters.Count == 0;
}
