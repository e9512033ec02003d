namespace VoiceSite.Scenarios;

public enum PreviewSegmentKind
{
    /// <summary>Literal instructions text.</summary>
    Text,

    /// <summary>A placeholder filled with a parameter's sample value.</summary>
    Value,

    /// <summary>A placeholder that names no parameter, shown as written.</summary>
    Unknown,
}

public sealed record PreviewSegment(string Text, PreviewSegmentKind Kind);

/// <summary>The editor's instructions rendered with sample values, and the placeholder check.</summary>
public sealed record ScenarioPreview(IReadOnlyList<PreviewSegment> Segments, TemplateCheck Check)
{
    public bool IsEmpty => Segments.Count == 0;

    public string Text => string.Concat(Segments.Select(s => s.Text));

    public static ScenarioPreview For(ScenarioInput input)
    {
        var samples = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in input.Parameters.Where(p => InstructionsTemplate.IsValidKey(p.Key)))
            samples.TryAdd(parameter.Key!, parameter.SampleValue);

        var segments = InstructionsTemplate.Parse(input.InstructionsTemplate)
            .Select(s => s.Key is null ? new PreviewSegment(s.Text, PreviewSegmentKind.Text)
                : samples.TryGetValue(s.Key, out var value) ? new PreviewSegment(value, PreviewSegmentKind.Value)
                : new PreviewSegment(s.Text, PreviewSegmentKind.Unknown))
            .ToList();
        return new ScenarioPreview(segments, InstructionsTemplate.Check(input.InstructionsTemplate, samples.Keys));
    }
}
