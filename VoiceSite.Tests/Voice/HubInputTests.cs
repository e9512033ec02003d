using VoiceSite.Tests.Infrastructure;
using VoiceSite.Tests.Pipeline;

namespace VoiceSite.Tests.Voice;

/// <summary>Bad and flooding audio through the hub: checked before either mode's session sees it, so tried in both.</summary>
public sealed class HubInputTests(PipelineSiteFactory factory) : IClassFixture<PipelineSiteFactory>
{
    private static readonly byte[] Utterance = TestAudio.Concat(TestAudio.Tone(220, 1500), TestAudio.Silence(1000));

    private async Task<VoiceHubClient> StartAsync(string mode)
    {
        factory.ResetSimulator();
        var (user, _) = await factory.CreateSignedInUserAsync();
        var conversation = await factory.CreateConversationAsync(user.Email!);
        var client = await VoiceHubClient.ConnectAsync(factory, user.Email!);
        Assert.Equal(mode, (await client.StartSessionAsync(conversation, mode)).Mode);
        return client;
    }

    [Theory]
    [InlineData("realtime", 0, "empty")]
    [InlineData("realtime", 1001, "odd length")]
    [InlineData("realtime", 24_002, "over the limit")]
    [InlineData("pipeline", 0, "empty")]
    [InlineData("pipeline", 1001, "odd length")]
    [InlineData("pipeline", 24_002, "over the limit")]
    public async Task Bad_audio_chunks_get_an_error_and_the_session_stays_usable(string mode, int size, string expected)
    {
        await using var client = await StartAsync(mode);

        await client.SendAudioAsync(new byte[size]);
        var error = await client.WaitForAsync("Error");
        Assert.Equal("bad_audio", error.Text(0));
        Assert.Contains(expected, error.Text(1));

        await client.SpeakAsync(Utterance);
        Assert.Equal("(1.5 s of speech)", (await client.WaitForAsync("UserTranscript")).Text(1));
        Assert.DoesNotContain(client.Events, e => e.Name == "SessionEnded");
    }

    [Theory]
    [InlineData("realtime")]
    [InlineData("pipeline")]
    public async Task Audio_flooding_in_much_faster_than_real_time_ends_the_session_with_a_reason(string mode)
    {
        await using var client = await StartAsync(mode);

        var chunk = new byte[24_000]; // 500 ms each, sent back to back: 20 s of audio at once
        for (var i = 0; i < 40; i++)
            await client.SendAudioAsync(chunk);

        Assert.Contains("faster than real time", (await client.WaitForAsync("Error", e => e.Text(0) == "audio_too_fast")).Text(1));
        Assert.Contains("much faster than real time", (await client.WaitForAsync("SessionEnded")).Text(0));
    }
}
