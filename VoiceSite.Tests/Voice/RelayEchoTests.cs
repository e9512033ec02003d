using VoiceSite.Audio;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Voice;

/// <summary>The site against the simulator's echo option: every microphone chunk comes back as reply audio.</summary>
public sealed class EchoSiteFactory : KestrelVoiceSiteFactory
{
    public EchoSiteFactory() => Settings["Simulator:Realtime:Echo"] = "true";
}

/// <summary>
/// The microphone chunks are read into pooled arrays (AudioChunkPool) that the relay reuses once it has sent them on:
/// a chunk given back too early would be overwritten by a later one before it left, and its echo would show it.
/// </summary>
public sealed class RelayEchoTests(EchoSiteFactory factory) : IClassFixture<EchoSiteFactory>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_microphone_chunk_reaches_the_upstream_intact_and_in_order_through_a_burst(bool json)
    {
        var (user, _) = await factory.CreateSignedInUserAsync();
        var conversation = await factory.CreateConversationAsync(user.Email!);
        await using var client = await VoiceHubClient.ConnectAsync(factory, user.Email!, json: json);
        await client.StartSessionAsync(conversation);

        // 3 s of samples that never repeat within the run: two seconds go at once (75 chunks of 40 ms in all).
        var spoken = new byte[3 * Pcm16.SampleRate * Pcm16.BytesPerSample];
        for (var i = 0; i < spoken.Length / 2; i++)
            BitConverter.TryWriteBytes(spoken.AsSpan(2 * i), (short)(i * 31 + i / 65_536));
        await client.SpeakAsync(spoken);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (client.AudioBytes < spoken.Length && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        var echoed = client.Events.Where(e => e.Name == "Audio").SelectMany(e => (byte[])e.Args[0]!).ToArray();
        Assert.Equal(spoken.Length, echoed.Length);
        Assert.True(spoken.AsSpan().SequenceEqual(echoed), $"the echo differs from what was spoken, first at byte {spoken.AsSpan().CommonPrefixLength(echoed)} of {spoken.Length}");
        Assert.DoesNotContain(client.Events, e => e.Name == "Error");
    }
}
