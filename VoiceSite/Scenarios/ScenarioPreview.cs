namespace VoiceSite.Scenarios;

public enum PreviewSegmentKind
{
    /// <summary>Literal instructions text.</summary>
    Text,

    /// <summary>A placeholder filled with a parameter's sample value (or the persona's, objective's or level's).</summary>
    Value,

    /// <summary>A placeholder that names no parameter, shown as written.</summary>
    Unknown,

    /// <summary>Added after the template by the scenario: the level's instructions, what enabled tools need.</summary>
    Added,
}

public sealed record PreviewSegment(string Text, PreviewSegmentKind Kind);

/// <summary>The editor's instructions rendered with sample values, and the placeholder check.</summary>
public sealed record ScenarioPreview(IReadOnlyList<PreviewSegment> Segments, TemplateCheck Check)
{
    public bool IsEmpty => Segments.Count == 0;

    public string Text => string.Concat(Segments.Select(s => s.Text));

    /// <param name="toolHints">What the enabled tools add to the instructions.</param>
    public static ScenarioPreview For(ScenarioInput input, IEnumerable<string?>? toolHints = null)
    {
        var samples = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in input.Parameters.Where(p => InstructionsTemplate.IsValidKey(p.Key)))
            samples.TryAdd(parameter.Key!, parameter.SampleValue);
        var parameterKeys = samples.Keys.ToList();
        var level = input.PreviewDifficulty;
        var coaching = CoachingPlaceholders.Values(input.Persona, input.Objective, level is null ? null : level.Name ?? "", level?.Instructions);
        foreach (var (key, value) in coaching)
            samples[key] = string.IsNullOrWhiteSpace(value) ? $"[{key.Replace('_', ' ')}]" : value;

        var segments = InstructionsTemplate.Parse(input.InstructionsTemplate)
            .Select(s => s.Key is null ? new PreviewSegment(s.Text, PreviewSegmentKind.Text)
                : samples.TryGetValue(s.Key, out var value) ? new PreviewSegment(value, PreviewSegmentKind.Value)
                : new PreviewSegment(s.Text, PreviewSegmentKind.Unknown))
            .ToList();
        if (segments.Count > 0)
        {
            segments.AddRange(ConversationInstructions.Additions(input.InstructionsTemplate, samples, level?.Name, level?.Instructions, toolHints ?? [])
                .Select(p => new PreviewSegment(p.Text, PreviewSegmentKind.Added)));
        }
        var check = InstructionsTemplate.Check(input.InstructionsTemplate, parameterKeys.Concat(CoachingPlaceholders.Reserved(input.Difficulties.Count > 0)));
        return new ScenarioPreview(segments, check with
        {
            UnusedParameters = check.UnusedParameters.Where(k => parameterKeys.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList(),
        });
    }
}
