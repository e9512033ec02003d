using VoiceSite.Data.Entities;

namespace VoiceSite.Scenarios;

/// <summary>
/// Checks the editor's form. Errors are keyed by field path relative to the form (<c>Name</c>,
/// <c>Parameters[2].Key</c>); warnings (unused parameters) do not stop a save.
/// </summary>
public static class ScenarioInputValidator
{
    public const int MaxParameters = 30;
    public const int MinPrefixPaddingMs = 0;
    public const int MaxPrefixPaddingMs = 2000;
    public const int MinSilenceDurationMs = 100;
    public const int MaxSilenceDurationMs = 5000;

    /// <param name="knownTools">Tools the site has; an enabled tool outside this list is an error.</param>
    public static ScenarioValidation Validate(ScenarioInput input, IReadOnlyList<VoiceOption> realtimeVoices, IReadOnlyList<VoiceOption> pipelineVoices,
        IReadOnlyCollection<string>? knownTools = null)
    {
        var errors = new List<FieldError>();
        void Error(string field, string message) => errors.Add(new FieldError(field, message));

        if (string.IsNullOrWhiteSpace(input.Name))
            Error(nameof(input.Name), "Give the scenario a name.");
        else if (input.Name.Length > 120)
            Error(nameof(input.Name), "Use at most 120 characters.");
        if (input.Description?.Length > 1000)
            Error(nameof(input.Description), "Use at most 1000 characters.");
        if (string.IsNullOrWhiteSpace(input.InstructionsTemplate))
            Error(nameof(input.InstructionsTemplate), "Write the instructions the AI will follow.");
        else if (input.InstructionsTemplate.Length > 20_000)
            Error(nameof(input.InstructionsTemplate), "Use at most 20,000 characters.");
        if (!VoiceCatalog.Contains(realtimeVoices, input.RealtimeVoice))
            Error(nameof(input.RealtimeVoice), "Choose a realtime voice from the list.");
        if (!VoiceCatalog.Contains(pipelineVoices, input.PipelineVoice))
            Error(nameof(input.PipelineVoice), "Choose a pipeline voice from the list.");
        if (!Enum.IsDefined(input.TurnDetection))
            Error(nameof(input.TurnDetection), "Choose server VAD or semantic VAD.");
        if (!(input.VadThreshold is >= 0 and <= 1))
            Error(nameof(input.VadThreshold), "Use a threshold between 0 and 1.");
        if (input.PrefixPaddingMs is < MinPrefixPaddingMs or > MaxPrefixPaddingMs)
            Error(nameof(input.PrefixPaddingMs), $"Use {MinPrefixPaddingMs} to {MaxPrefixPaddingMs} ms.");
        if (input.SilenceDurationMs is < MinSilenceDurationMs or > MaxSilenceDurationMs)
            Error(nameof(input.SilenceDurationMs), $"Use {MinSilenceDurationMs} to {MaxSilenceDurationMs} ms.");
        if (input.Parameters.Count > MaxParameters)
            Error(nameof(input.Parameters), $"Use at most {MaxParameters} parameters.");

        var reserved = CoachingPlaceholders.Reserved(input.Difficulties.Count > 0);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < input.Parameters.Count; i++)
        {
            var prefix = $"{nameof(input.Parameters)}[{i}]";
            ValidateParameter(input.Parameters[i], prefix, seen, Error);
            if (input.Parameters[i].Key is { } key && reserved.Contains(key, StringComparer.OrdinalIgnoreCase))
                Error($"{prefix}.Key", $"\"{key}\" is filled in by the scenario itself ({{{{{key}}}}}); choose another key.");
        }
        ScenarioCoachingValidator.Validate(input, knownTools ?? [], Error);

        var parameterKeys = input.Parameters.Where(p => InstructionsTemplate.IsValidKey(p.Key)).Select(p => p.Key!).ToList();
        var check = InstructionsTemplate.Check(input.InstructionsTemplate, parameterKeys.Concat(reserved));
        if (check.HasUnknownPlaceholders)
        {
            var list = string.Join(", ", check.UnknownPlaceholders.Select(p => $"{{{{{p}}}}}"));
            Error(nameof(input.InstructionsTemplate),
                $"The instructions use {list}, which {(check.UnknownPlaceholders.Count == 1 ? "names" : "name")} no parameter. Add a parameter with that key or remove the placeholder.");
        }
        var unused = check.UnusedParameters.Where(k => !reserved.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList();
        check = check with { UnusedParameters = unused };
        var warnings = unused.Select(k => $"Parameter \"{k}\" is never used in the instructions.").ToList();
        return new ScenarioValidation(errors, warnings, check);
    }

    private static void ValidateParameter(ParameterInput parameter, string prefix, HashSet<string> seen, Action<string, string> error)
    {
        if (string.IsNullOrWhiteSpace(parameter.Key))
            error($"{prefix}.Key", "Give the parameter a key.");
        else if (!InstructionsTemplate.IsValidKey(parameter.Key))
            error($"{prefix}.Key", "Use only letters, digits and underscores.");
        else if (parameter.Key.Length > 64)
            error($"{prefix}.Key", "Use at most 64 characters.");
        else if (!seen.Add(parameter.Key))
            error($"{prefix}.Key", $"Another parameter already uses the key \"{parameter.Key}\".");

        if (string.IsNullOrWhiteSpace(parameter.Label))
            error($"{prefix}.Label", "Give the parameter a label.");
        else if (parameter.Label.Length > 120)
            error($"{prefix}.Label", "Use at most 120 characters.");

        if (!Enum.IsDefined(parameter.Kind))
            error($"{prefix}.Kind", "Choose text, number or choice.");
        var choices = parameter.ChoiceList;
        if (parameter.Kind == ParameterKind.Choice && choices.Count == 0)
            error($"{prefix}.Choices", "A choice parameter needs at least one choice.");
        else if (choices.Any(c => c.Length > 200))
            error($"{prefix}.Choices", "Keep each choice under 200 characters.");

        if (!string.IsNullOrEmpty(parameter.DefaultValue)
            && ParameterRules.CheckValue(parameter.Kind, choices, parameter.DefaultValue) is { } problem)
            error($"{prefix}.DefaultValue", $"Default: {problem}");
    }
}

public sealed record FieldError(string Field, string Message);

public sealed record ScenarioValidation(IReadOnlyList<FieldError> Errors, IReadOnlyList<string> Warnings, TemplateCheck Check)
{
    public bool IsValid => Errors.Count == 0;
}
