namespace VoiceSite.Audio;

/// <summary>
/// Voice activity detection settings, in the same terms as Azure's <c>server_vad</c>.
/// </summary>
/// <param name="Threshold">0..1, higher needs louder audio to count as speech (0.5 is about -35 dBFS).</param>
/// <param name="PrefixPaddingMs">Audio kept before the detected start of speech.</param>
/// <param name="SilenceDurationMs">Silence that ends speech.</param>
/// <param name="MinSpeechMs">Voiced audio needed before speech counts as started (ignores clicks).</param>
public sealed record VadSettings(
    double Threshold = 0.5,
    int PrefixPaddingMs = 300,
    int SilenceDurationMs = 500,
    int MinSpeechMs = 80)
{
    /// <summary>Level that starts speech, in dBFS.</summary>
    public double StartLevelDbfs => -55 + 40 * Math.Clamp(Threshold, 0, 1);

    /// <summary>Level that keeps speech going once started (hysteresis: 6 dB lower).</summary>
    public double ContinueLevelDbfs => StartLevelDbfs - 6;
}
