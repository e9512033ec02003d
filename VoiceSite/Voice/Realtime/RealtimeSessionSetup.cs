// Experimental GA realtime client types (see RealtimeConnector).
#pragma warning disable OPENAI002

using OpenAI.Realtime;
using VoiceSite.Audio;
using VoiceSite.Data.Entities;

namespace VoiceSite.Voice.Realtime;

/// <summary>Builds the <c>session.update</c> for a conversation and replays its earlier turns.</summary>
internal static class RealtimeSessionSetup
{
    public static RealtimeConversationSessionOptions SessionOptions(ConversationSnapshot conversation, RealtimeOptions options)
    {
        RealtimeTurnDetection turnDetection = conversation.TurnDetection == TurnDetectionKind.SemanticVad
            ? new RealtimeSemanticVadTurnDetection
            {
                EagernessLevel = RealtimeSemanticVadEagernessLevel.Auto,
                CreateResponseEnabled = true,
                InterruptResponseEnabled = true,
            }
            : new RealtimeServerVadTurnDetection
            {
                DetectionThreshold = (float)conversation.Vad.Threshold,
                PrefixPadding = TimeSpan.FromMilliseconds(conversation.Vad.PrefixPaddingMs),
                SilenceDuration = TimeSpan.FromMilliseconds(conversation.Vad.SilenceDurationMs),
                CreateResponseEnabled = true,
                InterruptResponseEnabled = true,
            };

        return new RealtimeConversationSessionOptions
        {
            Instructions = conversation.Instructions,
            AudioOptions = new RealtimeConversationSessionAudioOptions
            {
                InputAudioOptions = new RealtimeConversationSessionInputAudioOptions
                {
                    AudioFormat = new RealtimePcmAudioFormat { Rate = Pcm16.SampleRate },
                    AudioTranscriptionOptions = new RealtimeAudioTranscriptionOptions { Model = options.TranscriptionModel },
                    TurnDetection = turnDetection,
                },
                OutputAudioOptions = new RealtimeConversationSessionOutputAudioOptions
                {
                    AudioFormat = new RealtimePcmAudioFormat { Rate = Pcm16.SampleRate },
                    Voice = new RealtimeVoice(conversation.RealtimeVoice),
                },
            },
        };
    }

    /// <summary>Earlier turns (from either mode) as conversation items, so the model knows what was said.</summary>
    public static async Task ReplayAsync(RealtimeSessionClient upstream, IReadOnlyList<HistoryTurn> history, CancellationToken cancellationToken)
    {
        foreach (var turn in history)
        {
            RealtimeItem item = turn.Role == TurnRole.User
                ? RealtimeItem.CreateUserMessageItem(turn.Text)
                : RealtimeItem.CreateAssistantMessageItem(turn.Text);
            await upstream.AddItemAsync(item, cancellationToken);
        }
    }
}
