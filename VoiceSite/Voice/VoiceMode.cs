using VoiceSite.Data.Entities;

namespace VoiceSite.Voice;

public static class VoiceModes
{
    public const string Realtime = "realtime";
    public const string Pipeline = "pipeline";

    public static bool TryParse(string? value, out VoiceMode mode)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case Realtime: mode = VoiceMode.Realtime; return true;
            case Pipeline: mode = VoiceMode.Pipeline; return true;
            default: mode = default; return false;
        }
    }

    public static string Name(VoiceMode mode) => mode == VoiceMode.Realtime ? Realtime : Pipeline;

    /// <summary>The mode's name for people: "Natural" (realtime, speech to speech) or "Classic" (pipeline).</summary>
    public static string DisplayName(VoiceMode mode) => mode == VoiceMode.Realtime ? "Natural" : "Classic";

    /// <summary>One line a person reads before choosing.</summary>
    public static string Explanation(VoiceMode mode) => mode == VoiceMode.Realtime
        ? "Fastest replies; the AI hears your tone of voice."
        : "Any voice; your words become text, the reply is written, then spoken.";
}
