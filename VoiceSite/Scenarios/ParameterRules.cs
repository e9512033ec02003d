using System.Globalization;
using VoiceSite.Data.Entities;

namespace VoiceSite.Scenarios;

/// <summary>What a parameter value may be, shared by the start form (user values) and the editor (defaults).</summary>
public static class ParameterRules
{
    public const int MaxValueLength = 1000;

    private static readonly char[] ChoiceSeparators = [',', '\n', '\r'];

    /// <summary>Why <paramref name="value"/> (non-empty, trimmed) does not suit the kind, or null when it does.</summary>
    public static string? CheckValue(ParameterKind kind, IReadOnlyList<string> choices, string value)
    {
        if (value.Length > MaxValueLength)
            return $"Use at most {MaxValueLength} characters.";
        return kind switch
        {
            ParameterKind.Number when !IsNumber(value) => "Enter a number, such as 3 or 2.5.",
            ParameterKind.Choice when !choices.Contains(value, StringComparer.Ordinal) => $"Choose one of: {string.Join(", ", choices)}.",
            _ => null,
        };
    }

    /// <summary>A number in the invariant culture ("2.5", "-3", "1e3"); not NaN or infinity.</summary>
    public static bool IsNumber(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number);

    /// <summary>Choices typed as a comma- or newline-separated list: trimmed, blanks and repeats dropped.</summary>
    public static List<string> ParseChoices(string? text) =>
        (text ?? "").Split(ChoiceSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>Choices for editing: comma-separated unless a choice holds a comma, then one per line.</summary>
    public static string FormatChoices(IReadOnlyCollection<string> choices) =>
        string.Join(choices.Any(c => c.Contains(',', StringComparison.Ordinal)) ? "\n" : ", ", choices);

    /// <summary>A value for previews: the default, else the first choice, else the label in brackets.</summary>
    public static string SampleValue(string label, string? defaultValue, IReadOnlyList<string> choices) =>
        !string.IsNullOrWhiteSpace(defaultValue) ? defaultValue.Trim()
        : choices.Count > 0 ? choices[0]
        : $"[{label}]";

    /// <summary>Checks the values a user gave for a scenario's parameters; unknown keys are ignored.</summary>
    public static ParameterValuesResult Validate(IEnumerable<ScenarioParameter> parameters, IReadOnlyDictionary<string, string?> posted)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in parameters)
        {
            var value = (posted.TryGetValue(parameter.Key, out var raw) ? raw : null)?.Trim() ?? "";
            values[parameter.Key] = value;
            if (value.Length == 0)
            {
                if (parameter.Required)
                    errors[parameter.Key] = $"{parameter.Label} is required.";
                continue;
            }
            if (CheckValue(parameter.Kind, parameter.Choices, value) is { } error)
                errors[parameter.Key] = error;
        }
        return new ParameterValuesResult(values, errors);
    }
}

/// <summary>Values by parameter key (trimmed; empty for an optional value left out) and errors by parameter key.</summary>
public sealed record ParameterValuesResult(Dictionary<string, string> Values, Dictionary<string, string> Errors)
{
    public bool IsValid => Errors.Count == 0;
}
