// Experimental GA realtime client types (see RealtimeConnector).
#pragma warning disable OPENAI002

using System.Net.WebSockets;
using OpenAI.Realtime;
using VoiceSite.Audio;

namespace VoiceSite.Voice.Realtime;

/// <summary>A few seconds of a realtime voice, spoken by the configured realtime service, to hear before choosing it.</summary>
public sealed class RealtimeVoiceSample(RealtimeConnector connector)
{
    /// <summary>Longest sample kept (a reply that goes on is cut here).</summary>
    public static readonly int MaxBytes = Pcm16.BytesFor(TimeSpan.FromSeconds(8));

    /// <summary>24 kHz PCM16 of <paramref name="voice"/> saying about <paramref name="line"/>.</summary>
    /// <exception cref="VoiceSessionException">The service could not be reached or refused.</exception>
    public async Task<byte[]> SynthesizeAsync(string voice, string line, CancellationToken cancellationToken)
    {
        using var upstream = await connector.ConnectAsync(cancellationToken);
        try
        {
            await upstream.ConfigureConversationSessionAsync(new RealtimeConversationSessionOptions
            {
                Instructions = "You introduce your voice to someone choosing a voice. Say only the line you are given, warmly.",
                AudioOptions = new RealtimeConversationSessionAudioOptions
                {
                    OutputAudioOptions = new RealtimeConversationSessionOutputAudioOptions
                    {
                        AudioFormat = new RealtimePcmAudioFormat { Rate = Pcm16.SampleRate },
                        Voice = new RealtimeVoice(voice),
                    },
                },
            }, cancellationToken);
            await upstream.StartResponseAsync(new RealtimeResponseOptions { Instructions = $"Say exactly: \"{line}\"" }, cancellationToken);

            using var audio = new MemoryStream();
            await foreach (var update in upstream.ReceiveUpdatesAsync(cancellationToken))
            {
                switch (update)
                {
                    case RealtimeServerUpdateResponseOutputAudioDelta delta when delta.Delta is { } bytes:
                        audio.Write(bytes.ToMemory().Span);
                        if (audio.Length >= MaxBytes)
                            return audio.GetBuffer().AsSpan(0, MaxBytes).ToArray();
                        break;
                    case RealtimeServerUpdateResponseDone:
                        return audio.ToArray();
                    case RealtimeServerUpdateError:
                        throw new VoiceSessionException("The realtime service could not speak the sample.");
                }
            }
            throw new VoiceSessionException("The realtime service closed before the sample was spoken.");
        }
        catch (WebSocketException e)
        {
            throw new VoiceSessionException("The realtime service closed before the sample was spoken.", e);
        }
    }
}
