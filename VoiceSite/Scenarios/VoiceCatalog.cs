namespace VoiceSite.Scenarios;

/// <summary>A voice as offered in a form: the id sent upstream and a name for people.</summary>
public sealed record VoiceOption(string Id, string DisplayName);

/// <summary>
/// The voices a scenario or a conversation may use. The fixed implementation serves built-in lists; a live
/// implementation (Azure Speech <c>voices/list</c>) can replace <see cref="GetPipelineVoicesAsync"/> later.
/// </summary>
public interface IVoiceCatalog
{
    /// <summary>Voices of the realtime (speech-to-speech) model.</summary>
    ValueTask<IReadOnlyList<VoiceOption>> GetRealtimeVoicesAsync(CancellationToken cancellationToken = default);

    /// <summary>Azure neural voices for the pipeline (text-to-speech).</summary>
    ValueTask<IReadOnlyList<VoiceOption>> GetPipelineVoicesAsync(CancellationToken cancellationToken = default);
}

/// <summary>The built-in voice lists.</summary>
public static class VoiceCatalog
{
    /// <summary>The GA realtime voices.</summary>
    public static readonly IReadOnlyList<VoiceOption> RealtimeVoices =
    [
        new("alloy", "Alloy"),
        new("ash", "Ash"),
        new("ballad", "Ballad"),
        new("coral", "Coral"),
        new("echo", "Echo"),
        new("sage", "Sage"),
        new("shimmer", "Shimmer"),
        new("verse", "Verse"),
        new("marin", "Marin"),
        new("cedar", "Cedar"),
    ];

    /// <summary>A fixed choice of widely available Azure neural voices.</summary>
    public static readonly IReadOnlyList<VoiceOption> NeuralVoices =
    [
        new("en-US-AvaMultilingualNeural", "Ava (US English, multilingual)"),
        new("en-US-AndrewMultilingualNeural", "Andrew (US English, multilingual)"),
        new("en-US-EmmaMultilingualNeural", "Emma (US English, multilingual)"),
        new("en-US-BrianMultilingualNeural", "Brian (US English, multilingual)"),
        new("en-US-JennyNeural", "Jenny (US English)"),
        new("en-US-GuyNeural", "Guy (US English)"),
        new("en-US-AriaNeural", "Aria (US English)"),
        new("en-US-DavisNeural", "Davis (US English)"),
        new("en-GB-SoniaNeural", "Sonia (British English)"),
        new("en-GB-RyanNeural", "Ryan (British English)"),
        new("en-AU-NatashaNeural", "Natasha (Australian English)"),
        new("en-AU-WilliamNeural", "William (Australian English)"),
        new("en-IN-NeerjaNeural", "Neerja (Indian English)"),
        new("de-DE-KatjaNeural", "Katja (German)"),
        new("de-DE-ConradNeural", "Conrad (German)"),
        new("fr-FR-DeniseNeural", "Denise (French)"),
        new("fr-FR-HenriNeural", "Henri (French)"),
        new("es-ES-ElviraNeural", "Elvira (Spanish)"),
        new("es-ES-AlvaroNeural", "Álvaro (Spanish)"),
        new("it-IT-ElsaNeural", "Elsa (Italian)"),
        new("nl-NL-ColetteNeural", "Colette (Dutch)"),
        new("pt-BR-FranciscaNeural", "Francisca (Brazilian Portuguese)"),
    ];

    public static bool Contains(IReadOnlyList<VoiceOption> voices, string? id) =>
        !string.IsNullOrEmpty(id) && voices.Any(v => string.Equals(v.Id, id, StringComparison.Ordinal));
}

/// <summary><see cref="IVoiceCatalog"/> over the built-in lists.</summary>
public sealed class FixedVoiceCatalog : IVoiceCatalog
{
    public ValueTask<IReadOnlyList<VoiceOption>> GetRealtimeVoicesAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(VoiceCatalog.RealtimeVoices);

    public ValueTask<IReadOnlyList<VoiceOption>> GetPipelineVoicesAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(VoiceCatalog.NeuralVoices);
}
