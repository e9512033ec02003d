using System.Text.Json;

namespace VoiceSite.Voice.Pipeline;

/// <summary>An Azure neural voice as the voice list describes it.</summary>
/// <param name="ShortName">What SSML names it by, e.g. <c>en-US-JennyNeural</c>.</param>
/// <param name="DisplayName">e.g. <c>Jenny</c>.</param>
/// <param name="Locale">e.g. <c>en-US</c>.</param>
/// <param name="Gender"><c>Female</c>, <c>Male</c> or <c>Neutral</c>.</param>
/// <param name="LocaleName">e.g. <c>English (United States)</c>; the locale when the list has no name.</param>
public sealed record NeuralVoice(string ShortName, string DisplayName, string Locale, string Gender, string LocaleName)
{
    /// <summary>Parses Azure's <c>voices/list</c> JSON array, skipping entries without a short name.</summary>
    public static IReadOnlyList<NeuralVoice> ParseList(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Array)
            throw new JsonException("The voice list is not a JSON array.");
        var voices = new List<NeuralVoice>(root.GetArrayLength());
        foreach (var item in root.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || Text(item, "ShortName") is not { Length: > 0 } shortName)
                continue;
            var locale = Text(item, "Locale") ?? Ssml.LocaleOf(shortName) ?? "";
            voices.Add(new NeuralVoice(
                shortName,
                Text(item, "DisplayName") ?? Text(item, "LocalName") ?? shortName,
                locale,
                Text(item, "Gender") ?? "Unknown",
                Text(item, "LocaleName") ?? locale));
        }
        return voices;
    }

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
