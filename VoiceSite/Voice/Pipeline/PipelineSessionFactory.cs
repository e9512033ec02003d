using Microsoft.Extensions.Options;
using VoiceSite.Conversations;
using VoiceSite.Data.Entities;

namespace VoiceSite.Voice.Pipeline;

/// <summary>
/// Creates pipeline sessions. The upstream clients are typed HTTP clients, resolved afresh for each session so
/// that a singleton never holds one (their handlers are rotated by the HTTP client factory).
/// </summary>
internal sealed class PipelineSessionFactory(
    IServiceProvider services,
    IOptions<PipelineOptions> options,
    ConversationStore store,
    TimeProvider clock,
    ILogger<PipelineSession> logger) : IVoiceSessionFactory
{
    public VoiceMode Mode => VoiceMode.Pipeline;

    public IVoiceSession Create(VoiceSessionContext context) => new PipelineSession(
        context,
        services.GetRequiredService<SpeechToTextClient>(),
        services.GetRequiredService<ChatStreamer>(),
        services.GetRequiredService<TextToSpeechClient>(),
        options.Value, store, clock, logger);
}
