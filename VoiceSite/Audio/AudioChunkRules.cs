using VoiceSite.Audio;

namespace VoiceSite.Audio;

/// <summary>What the hub accepts in <c>SendAudio</c>: PCM16 mono 24 kHz, even length, 1..24,000 bytes (500 ms).</summary>
public static class AudioChunkRules
{
    public const int MaxBytes = 24_000;

    /// <summary>Null when acceptable, otherwise a message for the browser.</summary>
    public static string? Check(byte[]? pcm16) => pcm16 switch
    {
        null or { Length: 0 } => "Audio chunk is empty.",
        { Length: > MaxBytes } => $"Audio chunk of {pcm16.Length} bytes is over the limit of {MaxBytes} bytes (500 ms of 24 kHz PCM16).",
        { Length: var n } when n % Pcm16.BytesPerSample != 0 => $"Audio chunk of {n} bytes has an odd length; PCM16 needs whole 2-byte samples.",
        _ => null,
    };
}
