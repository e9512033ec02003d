using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace VoiceSite.Voice;

/// <summary>
/// <c>/hubs/voice</c>: thin. Identifies the caller and hands everything to <see cref="VoiceSessions"/>, which
/// checks ownership, validates audio and owns the live session of this connection.
/// </summary>
[Authorize]
public sealed class VoiceHub(VoiceSessions sessions, VoiceDrain drain) : Hub<IVoiceClient>
{
    public const string Path = "/hubs/voice";

    public Task<SessionInfo> StartSession(string conversationId, string mode) =>
        sessions.StartAsync(Context.ConnectionId, UserId, conversationId, mode, Context.ConnectionAborted);

    public Task SendAudio(byte[] pcm16) => sessions.SendAudioAsync(Context.ConnectionId, pcm16);

    public Task Interrupt(int playedMs) => sessions.InterruptAsync(Context.ConnectionId, playedMs);

    public async Task EndSession() => await sessions.EndAsync(Context.ConnectionId, "Session ended.");

    public override Task OnConnectedAsync()
    {
        drain.Arm();
        sessions.Connected(Context);
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception) => sessions.DisconnectedAsync(Context.ConnectionId);

    private string UserId => Context.UserIdentifier ?? throw new HubException("Sign in to talk.");
}
