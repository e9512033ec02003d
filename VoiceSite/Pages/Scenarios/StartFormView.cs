using VoiceSite.Data.Entities;
using VoiceSite.Scenarios;

namespace VoiceSite.Pages.Scenarios;

/// <summary>Model of <c>_StartForm</c>: the scenario's parameters, the values shown, and errors by field.</summary>
public sealed record StartFormView(
    int ScenarioId,
    IReadOnlyList<ScenarioParameter> Parameters,
    IReadOnlyDictionary<string, string?> Values,
    string? RealtimeVoice,
    string? PipelineVoice,
    IReadOnlyList<VoiceOption> RealtimeVoices,
    IReadOnlyList<VoiceOption> PipelineVoices,
    IReadOnlyDictionary<string, string> Errors)
{
    public const string RealtimeVoiceField = "RealtimeVoice";
    public const string PipelineVoiceField = "PipelineVoice";

    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var error) ? error : null;

    public string? ValueFor(string key) => Values.TryGetValue(key, out var value) ? value : null;

    /// <summary>The scenario's difficulty levels, offered like a choice parameter (posted as <c>Values[difficulty]</c>).</summary>
    public IReadOnlyList<ScenarioDifficulty> Difficulties { get; init; } = [];
}
