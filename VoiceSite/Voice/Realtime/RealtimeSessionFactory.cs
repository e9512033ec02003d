using Microsoft.Extensions.Options;
using VoiceSite.Conversations;
using VoiceSite.Data.Entities;

namespace VoiceSite.Voice.Realtime;

internal sealed class RealtimeSessionFactory(
    RealtimeConnector connector,
    ConversationStore store,
    IOptions<RealtimeOptions> options,
    TimeProvider clock,
    ILogger<RealtimeSession> logger) : IVoiceSessionFactory
{
    public VoiceMode Mode => VoiceMode.Realtime;

    public IVoiceSession Create(VoiceSessionContext context) =>
        new RealtimeSession(context, connector, store, options.Value, clock, logger);
}
