using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using VoiceSite.Tests.Infrastructure;
using VoiceSite.Tests.Pipeline;

namespace VoiceSite.Tests.Voice;

/// <summary>
/// <c>StreamAudio</c>, the talk page's way up: the same audio as <c>SendAudio</c> as one upload stream. Every chunk gets
/// the same checks, pace and errors, in both modes; one stream at a time per connection.
/// </summary>
public sealed class StreamAudioTests(PipelineSiteFactory factory) : IClassFixture<PipelineSiteFactory>
{
    private static readonly byte[] Utterance = TestAudio.Concat(TestAudio.Tone(220, 1500), TestAudio.Silence(1000));

    private async Task<(VoiceHubClient Client, Guid Conversation)> ConnectAsync()
    {
        factory.ResetSimulator();
        var (user, _) = await factory.CreateSignedInUserAsync();
        var conversation = await factory.CreateConversationAsync(user.Email!);
        return (await VoiceHubClient.ConnectAsync(factory, user.Email!), conversation);
    }

    [Theory]
    [InlineData("realtime")]
    [InlineData("pipeline")]
    public async Task Speech_through_the_stream_is_heard_and_answered(string mode)
    {
        var (client, conversation) = await ConnectAsync();
        await using var _ = client;
        await client.StartSessionAsync(conversation, mode);
        await client.UseUploadStreamAsync();

        Assert.StartsWith("Simulated reply", await client.TalkAsync(Utterance));
        Assert.Equal("(1.5 s of speech)", (await client.WaitForAsync("UserTranscript")).Text(1));
        Assert.DoesNotContain(client.Events, e => e.Name == "Error");
    }

    [Theory]
    [InlineData("realtime", 0, "empty")]
    [InlineData("pipeline", 1001, "odd length")]
    [InlineData("realtime", 24_002, "over the limit")]
    public async Task A_bad_chunk_in_the_stream_gets_an_error_and_the_stream_goes_on(string mode, int size, string expected)
    {
        var (client, conversation) = await ConnectAsync();
        await using var _ = client;
        await client.StartSessionAsync(conversation, mode);
        await client.UseUploadStreamAsync();

        await client.SendAudioAsync(new byte[size]);
        var error = await client.WaitForAsync("Error");
        Assert.Equal("bad_audio", error.Text(0));
        Assert.Contains(expected, error.Text(1));

        await client.SpeakAsync(Utterance);
        Assert.Equal("(1.5 s of speech)", (await client.WaitForAsync("UserTranscript")).Text(1));
    }

    [Fact]
    public async Task A_flood_through_the_stream_ends_the_session_with_a_reason()
    {
        var (client, conversation) = await ConnectAsync();
        await using var _ = client;
        await client.StartSessionAsync(conversation, "realtime");
        await client.UseUploadStreamAsync();

        var chunk = new byte[24_000];
        for (var i = 0; i < 40; i++)
            await client.SendAudioAsync(chunk);

        Assert.Contains("much faster than real time", (await client.WaitForAsync("SessionEnded")).Text(0));
    }

    [Fact]
    public async Task A_second_stream_on_the_same_connection_is_refused_and_the_first_keeps_working()
    {
        var (client, conversation) = await ConnectAsync();
        await using var _ = client;
        await client.StartSessionAsync(conversation, "realtime");
        await client.UseUploadStreamAsync();

        var second = Channel.CreateUnbounded<byte[]>();
        var refused = await Assert.ThrowsAsync<HubException>(() => client.Connection.InvokeAsync("StreamAudio", second.Reader));
        Assert.Contains("already streaming", refused.Message);

        await client.SpeakAsync(Utterance);
        Assert.Equal("(1.5 s of speech)", (await client.WaitForAsync("UserTranscript")).Text(1));
    }

    [Fact]
    public async Task A_stream_opened_before_the_session_is_told_there_is_none_then_carries_the_session_that_starts()
    {
        var (client, conversation) = await ConnectAsync();
        await using var _ = client;
        await client.UseUploadStreamAsync();

        await client.SendAudioAsync(TestAudio.Silence(40));
        Assert.Equal("no_session", (await client.WaitForAsync("Error")).Text(0));

        await client.StartSessionAsync(conversation, "pipeline");
        await client.SpeakAsync(Utterance);
        Assert.Equal("(1.5 s of speech)", (await client.WaitForAsync("UserTranscript")).Text(1));
        // A mode switch keeps the same stream.
        await client.StartSessionAsync(conversation, "realtime");
        var before = client.Events.Count;
        await client.SpeakAsync(Utterance);
        Assert.Equal("(1.5 s of speech)", (await client.WaitForAsync("UserTranscript", after: before)).Text(1));
    }

    [Fact]
    public async Task Items_of_the_wrong_type_end_that_stream_and_a_new_one_works()
    {
        var (client, conversation) = await ConnectAsync();
        await using var _ = client;
        await client.StartSessionAsync(conversation, "realtime");

        var wrong = Channel.CreateUnbounded<int>();
        var call = client.Connection.InvokeAsync("StreamAudio", wrong.Reader);
        await wrong.Writer.WriteAsync(42);
        await Assert.ThrowsAnyAsync<Exception>(() => call.WaitAsync(TimeSpan.FromSeconds(20)));

        await client.UseUploadStreamAsync();
        await client.SpeakAsync(Utterance);
        Assert.Equal("(1.5 s of speech)", (await client.WaitForAsync("UserTranscript")).Text(1));
        Assert.DoesNotContain(client.Events, e => e.Name == "SessionEnded");
    }
}
