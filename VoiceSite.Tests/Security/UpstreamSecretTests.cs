using Microsoft.Extensions.DependencyInjection;
using VoiceSite.Tests.Infrastructure;
using VoiceSite.Voice;
using VoiceSite.Voice.Pipeline;
using VoiceSite.Voice.Upstream;

namespace VoiceSite.Tests.Security;

/// <summary>The site with every service configured against <see cref="EchoingUpstream"/>, each with its own key, logs captured.</summary>
public class EchoingUpstreamSiteFactory : KestrelVoiceSiteFactory
{
    public const string RealtimeKey = "realtime-key-7f3a9c1e5b";
    public const string ChatKey = "chat-key-2d8e6b4f0a";
    public const string SpeechKey = "speech-key-9c1a7e3d5f";

    public static readonly string[] Secrets = [RealtimeKey, ChatKey, SpeechKey, AdminPassword];

    public EchoingUpstream Upstream { get; } = EchoingUpstream.StartAsync().GetAwaiter().GetResult();

    public EchoingUpstreamSiteFactory()
    {
        CaptureLogs = true;
        Settings["Simulator:Enabled"] = "false";
        Settings["USE_REALTIME_API"] = "true";
        Settings["AZURE_OPENAI_REALTIME_ENDPOINT"] = new Uri(Upstream.Address, "openai").ToString();
        Settings["AZURE_OPENAI_REALTIME_KEY"] = RealtimeKey;
        Settings["AZURE_OPENAI_ENDPOINT"] = new Uri(Upstream.Address, "chat").ToString();
        Settings["AZURE_OPENAI_KEY"] = ChatKey;
        Settings["AZURE_SPEECH_KEY"] = SpeechKey;
        Settings["AZURE_SPEECH_STT_ENDPOINT"] = new Uri(Upstream.Address, "stt").ToString();
        Settings["AZURE_SPEECH_TTS_ENDPOINT"] = new Uri(Upstream.Address, "tts").ToString();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}

/// <summary>
/// Issue 9, item 1: an upstream that echoes the request headers (keys included) into its errors reaches nobody with them:
/// no configured secret in any hub message, page or log line; the browser gets fixed texts with the one code scheme, and a
/// repeating upstream error is reported at most once a second.
/// </summary>
public sealed class UpstreamSecretTests(EchoingUpstreamSiteFactory factory) : IClassFixture<EchoingUpstreamSiteFactory>
{
    private static readonly string[] Codes = [VoiceErrorCodes.Upstream, VoiceErrorCodes.UpstreamLost, VoiceErrorCodes.RateLimited,
        VoiceErrorCodes.UpstreamUnauthorized, VoiceErrorCodes.UpstreamUnreachable, VoiceErrorCodes.UpstreamTimeout, VoiceErrorCodes.NoSession,
        VoiceErrorCodes.NoMatch, VoiceErrorCodes.AudioTooFast];

    private static void AssertNoSecret(string? text, string where)
    {
        foreach (var secret in EchoingUpstreamSiteFactory.Secrets)
            Assert.False(text?.Contains(secret, StringComparison.Ordinal) ?? false, $"A configured secret reached {where}: {text}");
    }

    private void AssertLogsHaveNoSecret()
    {
        foreach (var entry in factory.Logs.Entries)
            AssertNoSecret(entry.AllText, $"the log ({entry.Category})");
    }

    [Fact]
    public async Task Realtime_errors_echoing_the_key_reach_the_browser_as_fixed_texts_throttled_and_the_log_redacted()
    {
        var (user, http) = await factory.CreateSignedInUserAsync();
        var conversation = await factory.CreateConversationAsync(user.Email!);
        await using var client = await VoiceHubClient.ConnectAsync(factory, user.Email!);

        await client.StartSessionAsync(conversation, "realtime");
        // Each client event is answered with an error echoing the headers; after 40 the upstream hangs up. The session
        // reopens a lost upstream (here: the same echoing one) a few times a minute, then gives up and ends.
        for (var round = 0; round < 8 && !client.Events.Any(e => e.Name == "SessionEnded"); round++)
            await client.SpeakAsync(TestAudio.Silence(40 * EchoingUpstream.RealtimeErrors)); // 40 client events at the speaking pace
        var ended = await client.WaitForAsync("SessionEnded", timeoutSeconds: 30);

        foreach (var e in client.Events)
            foreach (var arg in e.Args.OfType<string>())
                AssertNoSecret(arg, $"the browser ({e.Name})");
        var errors = client.Events.Where(e => e.Name == "Error").ToList();
        Assert.All(errors, e => Assert.Contains(e.Text(0), Codes));
        Assert.Contains(errors, e => e.Text(0) == VoiceErrorCodes.Upstream && e.Text(1) == new UpstreamException(UpstreamServiceKind.Realtime, UpstreamFailure.Rejected).Message);
        Assert.DoesNotContain("headers", ended.Text(0), StringComparison.OrdinalIgnoreCase);
        // Some 160 upstream errors within a few seconds: reported at most once a second per code, not 160 times.
        Assert.True(errors.Count(e => e.Text(0) == VoiceErrorCodes.Upstream) <= 10, $"{errors.Count} errors: {string.Join("; ", errors)}");

        var page = await http.GetPageAsync($"/Conversations/{conversation}");
        AssertNoSecret(page, "the conversation page");
        AssertLogsHaveNoSecret();
        // The code is logged, the upstream's words with the key blanked.
        Assert.Contains(factory.Logs.Entries, e => e.Message.Contains("echo_error", StringComparison.Ordinal) && e.Message.Contains("[redacted]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Speech_to_text_errors_echoing_the_key_reach_the_browser_as_a_fixed_text_and_the_log_redacted()
    {
        var (user, _) = await factory.CreateSignedInUserAsync();
        var conversation = await factory.CreateConversationAsync(user.Email!);
        await using var client = await VoiceHubClient.ConnectAsync(factory, user.Email!);
        await client.StartSessionAsync(conversation, "pipeline");

        await client.SpeakAsync(TestAudio.Concat(TestAudio.Tone(220, 800), TestAudio.Silence(900)));
        var error = await client.WaitForAsync("Error");

        Assert.Equal(VoiceErrorCodes.UpstreamUnauthorized, error.Text(0));
        Assert.StartsWith(new UpstreamException(UpstreamServiceKind.SpeechToText, UpstreamFailure.Unauthorized, 401).Message, error.Text(1), StringComparison.Ordinal);
        foreach (var e in client.Events)
            foreach (var arg in e.Args.OfType<string>())
                AssertNoSecret(arg, $"the browser ({e.Name})");
        AssertLogsHaveNoSecret();
    }

    [Fact]
    public async Task Chat_and_text_to_speech_errors_echoing_the_key_are_fixed_texts_and_the_log_is_redacted()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var chat = scope.ServiceProvider.GetRequiredService<ChatStreamer>();
        var tts = scope.ServiceProvider.GetRequiredService<TextToSpeechClient>();

        var chatError = await Assert.ThrowsAsync<UpstreamException>(() => chat.StartAsync("Be brief.", [ChatTurn.User("Hello")]));
        var ttsError = await Assert.ThrowsAsync<UpstreamException>(() => tts.StartAsync("Hello there.", "en-US-JennyNeural"));

        Assert.Equal(VoiceErrorCodes.Upstream, chatError.ErrorCode);
        Assert.Equal(VoiceErrorCodes.Upstream, ttsError.ErrorCode);
        AssertNoSecret(chatError.ToString(), "the chat error");
        AssertNoSecret(ttsError.ToString(), "the text-to-speech error");
        AssertLogsHaveNoSecret();
        Assert.Contains(factory.Logs.Entries, e => e.Message.Contains("Your request had these headers", StringComparison.Ordinal));
    }
}
