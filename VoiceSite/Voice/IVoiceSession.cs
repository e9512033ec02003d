using VoiceSite.Data.Entities;

namespace VoiceSite.Voice;

/// <summary>
/// One live voice session on one hub connection, in one mode. Created by an <see cref="IVoiceSessionFactory"/>,
/// owned by <see cref="VoiceSessions"/>.
/// </summary>
public interface IVoiceSession : IAsyncDisposable
{
    VoiceMode Mode { get; }

    /// <summary>Connects upstream and prepares the conversation; throws <see cref="VoiceSessionException"/> with a readable message.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Queues validated microphone audio (PCM16 24 kHz); never blocks on upstream. The session owns the array from here:
    /// it may give it back to <see cref="Audio.AudioChunkPool"/> once done with it, so the caller must not touch it again.
    /// </summary>
    void AcceptAudio(byte[] pcm16);

    /// <summary>The browser stopped playback after <paramref name="playedMs"/> ms of the current assistant turn.</summary>
    Task InterruptAsync(int playedMs);

    /// <summary>Ends the session: stores the turn in progress, closes upstream, tells the browser why.</summary>
    Task EndAsync(string reason);
}

public interface IVoiceSessionFactory
{
    VoiceMode Mode { get; }
    IVoiceSession Create(VoiceSessionContext context);
}

/// <summary>A failure with a message fit for the person using the site (no keys, no internals).</summary>
public sealed class VoiceSessionException(string message, Exception? inner = null) : Exception(message, inner);
