using System.Net;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Voice;

/// <summary>Who may use the voice hub, and what it says to callers who may not.</summary>
public sealed class VoiceHubAccessTests(KestrelVoiceSiteFactory factory) : IClassFixture<KestrelVoiceSiteFactory>
{
    [Fact]
    public async Task Anonymous_callers_are_refused_before_the_hub()
    {
        await using var connection = VoiceHubClient.Anonymous(factory);
        // Like the browser, the client skips negotiation: the WebSocket upgrade itself is refused with 401.
        var error = await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => connection.StartAsync());
        Assert.Contains($"'{(int)HttpStatusCode.Unauthorized}'", error.Message);
    }

    [Fact]
    public async Task Another_users_conversation_is_not_found()
    {
        var (owner, _) = await factory.CreateSignedInUserAsync();
        var conversation = await factory.CreateConversationAsync(owner.Email!);
        var (intruder, _) = await factory.CreateSignedInUserAsync();
        await using var client = await VoiceHubClient.ConnectAsync(factory, intruder.Email!);

        var error = await Assert.ThrowsAsync<HubException>(() => client.StartSessionAsync(conversation));
        Assert.Contains("Conversation not found.", error.Message);
        var missing = await Assert.ThrowsAsync<HubException>(() => client.StartSessionAsync(Guid.NewGuid()));
        Assert.Contains("Conversation not found.", missing.Message);
        var malformed = await Assert.ThrowsAsync<HubException>(() =>
            client.Connection.InvokeAsync<object>("StartSession", "not-a-guid", "realtime"));
        Assert.Contains("Conversation not found.", malformed.Message);
    }

    [Theory]
    [InlineData("telepathy")]
    [InlineData("")]
    public async Task Unknown_modes_are_refused_with_the_valid_choices(string mode)
    {
        var (user, _) = await factory.CreateSignedInUserAsync();
        var conversation = await factory.CreateConversationAsync(user.Email!);
        await using var client = await VoiceHubClient.ConnectAsync(factory, user.Email!);

        var error = await Assert.ThrowsAsync<HubException>(() => client.StartSessionAsync(conversation, mode));
        Assert.Contains("Use \"realtime\" or \"pipeline\"", error.Message);
    }

    [Fact]
    public async Task Audio_and_interrupt_without_a_session_get_an_error_not_a_crash()
    {
        var (user, _) = await factory.CreateSignedInUserAsync();
        await using var client = await VoiceHubClient.ConnectAsync(factory, user.Email!);

        await client.SendAudioAsync(new byte[960]);
        var error = await client.WaitForAsync("Error");
        Assert.Equal("no_session", error.Text(0));

        await client.InterruptAsync(100);
        await client.WaitForAsync("Error", e => e.Text(1).Contains("nothing to interrupt"));
        Assert.Equal(HubConnectionState.Connected, client.Connection.State);
    }
}
