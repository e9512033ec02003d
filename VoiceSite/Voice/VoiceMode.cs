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

    public static string DisplayName(VoiceMode mode) => mode == VoiceMode.Realtime ? "Realtime" : "Pipeline";
}
