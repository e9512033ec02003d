using Microsoft.Extensions.Options;
using VoiceSite.Conversations;
using VoiceSite.Data.Entities;

namespace VoiceSite.Voice.Pipeline;

internal sealed class PipelineSessionFactory(
    SpeechToTextClient stt,
    ChatStreamer chat,
    TextToSpeechClient tts,
    IOptions<PipelineOptions> options,
    ConversationStore store,
    TimeProvider clock,
    ILogger<PipelineSession> logger) : IVoiceSessionFactory
{
    public VoiceMode Mode => VoiceMode.Pipeline;

    public IVoiceSession Create(VoiceSessionContext context) => new PipelineSession(context, stt, chat, tts, options.Value, store, clock, logger);
}
