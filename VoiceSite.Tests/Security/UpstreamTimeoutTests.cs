using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using VoiceSite.Tests.Infrastructure;
using VoiceSite.Tests.Pipeline;
using VoiceSite.Voice;
using VoiceSite.Voice.Pipeline;
using VoiceSite.Voice.Upstream;

namespace VoiceSite.Tests.Security;

/// <summary>Realtime and chat configured against a listener that accepts and never answers; one-second timeouts.</summary>
public sealed class SilentUpstreamSiteFactory : KestrelVoiceSiteFactory
{
    public SilentListener Silent { get; } = new();

    public SilentUpstreamSiteFactory()
    {
        Settings["Timeouts:Connect"] = "00:00:01";
        Settings["Timeouts:Handshake"] = "00:00:01";
        Settings["Timeouts:FirstEvent"] = "00:00:01";
        Settings["USE_REALTIME_API"] = "true";
        Settings["AZURE_OPENAI_REALTIME_ENDPOINT"] = new Uri(Silent.Address, "openai").ToString();
        Settings["AZURE_OPENAI_REALTIME_KEY"] = "silent-key-123456";
        Settings["AZURE_OPENAI_ENDPOINT"] = Silent.Address.ToString(); // speech stays simulated, so a turn reaches chat
        Settings["AZURE_OPENAI_KEY"] = "silent-key-123456";
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Silent.Dispose();
    }
}

/// <summary>Issue 9, item 4: an upstream that accepts the connection and never answers ends in a readable timeout.</summary>
public sealed class UpstreamTimeoutTests(SilentUpstreamSiteFactory factory) : IClassFixture<SilentUpstreamSiteFactory>
{
    private static readonly IOptions<UpstreamTimeouts> Short = Options.Create(new UpstreamTimeouts
    {
        Connect = TimeSpan.FromSeconds(1), Handshake = TimeSpan.FromSeconds(1), FirstEvent = TimeSpan.FromSeconds(1),
    });

    [Fact]
    public async Task Realtime_StartSession_against_a_silent_endpoint_fails_with_a_readable_message()
    {
        var (user, _) = await factory.CreateSignedInUserAsync();
        var conversation = await factory.CreateConversationAsync(user.Email!);
        await using var client = await VoiceHubClient.ConnectAsync(factory, user.Email!);

        var error = await Assert.ThrowsAsync<HubException>(() => client.StartSessionAsync(conversation, "realtime"));

        Assert.Contains("Realtime voice: the service did not answer in time", error.Message);
    }

    [Fact]
    public async Task A_pipeline_turn_whose_chat_never_answers_gets_a_timeout_error()
    {
        var (user, _) = await factory.CreateSignedInUserAsync();
        var conversation = await factory.CreateConversationAsync(user.Email!);
        await using var client = await VoiceHubClient.ConnectAsync(factory, user.Email!);
        await client.StartSessionAsync(conversation, "pipeline");

        await client.SpeakAsync(TestAudio.Concat(TestAudio.Tone(220, 800), TestAudio.Silence(900)));
        var error = await client.WaitForAsync("Error", e => e.Text(0) == VoiceErrorCodes.UpstreamTimeout);

        Assert.StartsWith("Chat: the service did not answer in time", error.Text(1), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Speech_to_text_and_text_to_speech_against_a_silent_endpoint_time_out()
    {
        var service = new UpstreamService(factory.Silent.Address, "silent-key-123456", false);
        var stt = new SpeechToTextClient(new HttpClient(), new FixedUpstreams(stt: service), Options.Create(new SpeechOptions()),
            TimeProvider.System, NullLogger<SpeechToTextClient>.Instance, Short);
        var tts = new TextToSpeechClient(new HttpClient(), new FixedUpstreams(tts: service), Options.Create(new SpeechOptions()),
            TimeProvider.System, NullLogger<TextToSpeechClient>.Instance, Short);

        var sttError = await Assert.ThrowsAsync<UpstreamException>(() => stt.RecognizeAsync(TestAudio.Tone(300, 300)));
        var ttsError = await Assert.ThrowsAsync<UpstreamException>(() => tts.StartAsync("Hello there.", "en-US-JennyNeural"));

        Assert.Equal(UpstreamFailure.Timeout, sttError.Failure);
        Assert.Equal(UpstreamFailure.Timeout, ttsError.Failure);
        Assert.Equal(VoiceErrorCodes.UpstreamTimeout, ttsError.ErrorCode);
    }
}
