using System.Globalization;
using VoiceSite.Data.Entities;

namespace VoiceSite.Conversations;

/// <summary>"Job interview practice · Sam · 24 Nov 2026": scenario, first text value given, date.</summary>
public static class ConversationTitle
{
    public const int MaxLength = 200;

    public static string For(Scenario scenario, IReadOnlyDictionary<string, string> values, DateTime createdAt)
    {
        var key = scenario.Parameters
            .Where(p => p.Kind == ParameterKind.Text)
            .OrderBy(p => p.Position)
            .Select(p => values.TryGetValue(p.Key, out var v) ? v.Trim() : "")
            .FirstOrDefault(v => v.Length > 0);
        if (key is { Length: > 60 })
            key = key[..59] + "…";
        var date = createdAt.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
        var title = key is null ? $"{scenario.Name} · {date}" : $"{scenario.Name} · {key} · {date}";
        return title.Length <= MaxLength ? title : title[..(MaxLength - 1)] + "…";
    }
}
