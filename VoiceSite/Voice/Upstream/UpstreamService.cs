namespace VoiceSite.Voice.Upstream;

/// <summary>Where an upstream service lives and the key to send (null: Entra ID where the service allows it).</summary>
/// <param name="BaseUri">Ends with '/'. Realtime: the <c>.../openai/</c> endpoint; chat: the resource; speech: the STT or TTS host.</param>
/// <param name="Simulated">Served by the built-in stand-in (shown to people in a banner).</param>
public sealed record UpstreamService(Uri BaseUri, string? ApiKey, bool Simulated);

/// <summary>The upstream services the voice modes talk to; a null entry is not configured.</summary>
public interface IUpstreamDirectory
{
    UpstreamService? Realtime { get; }
    UpstreamService? Chat { get; }
    UpstreamService? SpeechToText { get; }
    UpstreamService? TextToSpeech { get; }
}
