using VoiceSite.Voice.Pipeline;

namespace VoiceSite.Scenarios;

/// <summary>A voice as offered in a form: the id sent upstream and a name for people.</summary>
public sealed record VoiceOption(string Id, string DisplayName);

/// <summary>
/// The voices a scenario or a conversation may use.
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

    /// <summary>Neural voices as people read them, e.g. "Ava (US English, female)", by language then name.</summary>
    public static IReadOnlyList<VoiceOption> Options(IEnumerable<NeuralVoice> voices) =>
        [.. voices.OrderBy(v => v.LocaleName, StringComparer.Ordinal).ThenBy(v => v.DisplayName, StringComparer.Ordinal)
            .Select(v => new VoiceOption(v.ShortName, $"{v.DisplayName} ({Language(v)}, {v.Gender.ToLowerInvariant()})"))];

    /// <summary>How the common English locales are said ("US English"); other languages as the voice list names them.</summary>
    private static string Language(NeuralVoice voice) => voice.Locale switch
    {
        "en-US" => "US English",
        "en-GB" => "British English",
        "en-AU" => "Australian English",
        "en-CA" => "Canadian English",
        "en-IN" => "Indian English",
        "en-IE" => "Irish English",
        "en-NZ" => "New Zealand English",
        _ => voice.LocaleName,
    };

    /// <summary>The voice's name for people, or its id when it is not in the list.</summary>
    public static string NameOf(IReadOnlyList<VoiceOption> voices, string id) =>
        voices.FirstOrDefault(v => string.Equals(v.Id, id, StringComparison.Ordinal))?.DisplayName ?? id;

    public static bool Contains(IReadOnlyList<VoiceOption> voices, string? id) =>
        !string.IsNullOrEmpty(id) && voices.Any(v => string.Equals(v.Id, id, StringComparison.Ordinal));
}

/// <summary>
/// <see cref="IVoiceCatalog"/>: the realtime model's voices, and the neural voices of the configured Azure Speech
/// resource (its <c>voices/list</c>, cached) or a fixed list of widely available ones.
/// </summary>
public sealed class SiteVoiceCatalog(INeuralVoiceList neuralVoices) : IVoiceCatalog
{
    private Mapped? _mapped;

    public ValueTask<IReadOnlyList<VoiceOption>> GetRealtimeVoicesAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(VoiceCatalog.RealtimeVoices);

    public async ValueTask<IReadOnlyList<VoiceOption>> GetPipelineVoicesAsync(CancellationToken cancellationToken = default)
    {
        var voices = await neuralVoices.GetVoicesAsync(cancellationToken);
        // The list is cached upstream; it is mapped again only when it changes.
        if (Volatile.Read(ref _mapped) is { } mapped && ReferenceEquals(mapped.Source, voices))
            return mapped.Options;
        var options = VoiceCatalog.Options(voices);
        Volatile.Write(ref _mapped, new Mapped(voices, options));
        return options;
    }

    private sealed record Mapped(IReadOnlyList<NeuralVoice> Source, IReadOnlyList<VoiceOption> Options);
}
