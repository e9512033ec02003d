using Microsoft.Extensions.Options;
using VoiceSite.Data.Entities;
using VoiceSite.Voice.Realtime;
using VoiceSite.Voice.Upstream;

namespace VoiceSite.Voice;

/// <summary>Whether a mode can be used, and if not, why (shown next to the disabled mode).</summary>
public sealed record ModeStatus(VoiceMode Mode, bool Available, string? Reason, bool Simulated);

/// <summary>Which voice modes are usable with the current settings.</summary>
public sealed class VoiceModeAvailability(IUpstreamDirectory upstreams, IOptions<RealtimeOptions> realtime)
{
    public ModeStatus Realtime
    {
        get
        {
            if (realtime.Value.Enabled == false)
                return new(VoiceMode.Realtime, false, "Natural mode is switched off on this site (USE_REALTIME_API=false).", false);
            var service = upstreams.Realtime;
            return service is null
                ? new(VoiceMode.Realtime, false, "Natural mode is not set up on this site (it needs AZURE_OPENAI_REALTIME_ENDPOINT).", false)
                : new(VoiceMode.Realtime, true, null, service.Simulated);
        }
    }

    public ModeStatus Pipeline
    {
        get
        {
            var missing = new List<string>();
            if (upstreams.SpeechToText is null || upstreams.TextToSpeech is null)
                missing.Add("AZURE_SPEECH_REGION and AZURE_SPEECH_KEY");
            if (upstreams.Chat is null)
                missing.Add("AZURE_OPENAI_ENDPOINT");
            if (missing.Count > 0)
                return new(VoiceMode.Pipeline, false, $"Classic mode is not set up on this site (it needs {string.Join(" and ", missing)}).", false);
            var simulated = upstreams.SpeechToText!.Simulated || upstreams.TextToSpeech!.Simulated || upstreams.Chat!.Simulated;
            return new(VoiceMode.Pipeline, true, null, simulated);
        }
    }

    public ModeStatus For(VoiceMode mode) => mode == VoiceMode.Realtime ? Realtime : Pipeline;

    /// <summary>Names of the services answered by the built-in simulator, for the banner.</summary>
    public IReadOnlyList<string> SimulatedServices
    {
        get
        {
            var names = new List<string>();
            if (upstreams.Realtime?.Simulated == true && realtime.Value.Enabled != false)
                names.Add("Realtime");
            if (upstreams.Chat?.Simulated == true)
                names.Add("Chat");
            if (upstreams.SpeechToText?.Simulated == true || upstreams.TextToSpeech?.Simulated == true)
                names.Add("Speech");
            return names;
        }
    }
}
