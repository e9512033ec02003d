using Microsoft.EntityFrameworkCore;
using VoiceSite.Simulator;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Voice;

/// <summary>A site whose upstream realtime sessions expire after 10 s and are renewed after 2 s (a margin for a whole turn on a busy machine) (stands in for 30 and 28 minutes).</summary>
public sealed class ShortRealtimeSessionsFactory : KestrelVoiceSiteFactory
{
    public ShortRealtimeSessionsFactory()
    {
        Settings["Realtime:RenewAfter"] = "00:00:02";
        Settings["Simulator:Realtime:SessionLimit"] = "00:00:10";
    }
}

/// <summary>Azure ends realtime sessions at 30 minutes; the site renews before that with the conversation replayed.</summary>
public sealed class RealtimeRenewalTests(ShortRealtimeSessionsFactory factory) : IClassFixture<ShortRealtimeSessionsFactory>
{
    [Fact]
    public async Task The_upstream_session_is_renewed_before_its_limit_and_the_model_keeps_the_context()
    {
        var (user, _) = await factory.CreateSignedInUserAsync();
        var conversation = await factory.CreateConversationAsync(user.Email!);
        var instructions = await factory.WithDbAsync(db => db.Conversations.Where(c => c.Id == conversation).Select(c => c.Instructions).SingleAsync());
        await using var client = await VoiceHubClient.ConnectAsync(factory, user.Email!);
        await client.StartSessionAsync(conversation);
        var utterance = TestAudio.Concat(TestAudio.Tone(220, 1000), TestAudio.Silence(800));

        await client.SpeakAsync(utterance);
        var first = await client.WaitForAsync("AssistantTranscriptDelta");
        await client.WaitForAsync("TurnCompleted", e => e.Text(0) == first.Text(0));

        // Stay quiet past the simulator's 10 s limit: without renewal the upstream would now be gone.
        await client.SpeakAsync(TestAudio.Silence(10_500));

        var before = client.Events.Count;
        await client.SpeakAsync(utterance);
        var second = await client.WaitForAsync("AssistantTranscriptDelta", e => e.Text(0) != first.Text(0), after: before);
        await client.WaitForAsync("TurnCompleted", e => e.Text(0) == second.Text(0), after: before);
        // The renewed session was given the first exchange (2 messages) and heard the new turn. (The reply's last
        // caption deltas may still be on their way when its TurnCompleted is read: wait for them, within bounds.)
        var expected = SimulatedReply.Compose(instructions, 2, 3);
        string Reply() => string.Concat(client.Events.Skip(before)
            .Where(e => e.Name == "AssistantTranscriptDelta" && e.Text(0) == second.Text(0)).Select(e => e.Text(1)));
        for (var waited = 0; Reply() != expected && waited < 10_000; waited += 50)
            await Task.Delay(50);
        Assert.Equal(expected, Reply());
        Assert.DoesNotContain(client.Events, e => e.Name is "SessionEnded" or "Error");
    }
}
