using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VoiceSite.Conversations;
using VoiceSite.Data.Entities;
using VoiceSite.Tests.Infrastructure;
using VoiceSite.Tests.Pipeline;
using VoiceSite.Voice;

namespace VoiceSite.Tests.Voice;

/// <summary>One conversation, several writers: two tabs, a deletion while talking, turns racing for their number.</summary>
public sealed class OneConversationTests(PipelineSiteFactory factory) : IClassFixture<PipelineSiteFactory>
{
    private static readonly byte[] Utterance = TestAudio.Concat(TestAudio.Tone(220, 600), TestAudio.Silence(800));

    [Fact]
    public async Task Turns_written_at_the_same_moment_get_distinct_sequence_numbers()
    {
        var (user, _) = await factory.CreateSignedInUserAsync();
        var conversation = await factory.CreateConversationAsync(user.Email!);
        var store = factory.Services.GetRequiredService<ConversationStore>();
        var start = DateTime.UtcNow;

        await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(() => store.AddTurnAsync(new Turn
        {
            ConversationId = conversation, Role = TurnRole.User, Mode = VoiceMode.Pipeline, Text = $"turn {i}", StartedAt = start.AddMilliseconds(i),
        }))));

        var sequences = (await factory.TurnsAsync(conversation)).Select(t => t.Sequence).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 24), sequences);
    }

    [Fact]
    public async Task A_second_tab_takes_the_conversation_over_and_the_first_is_told_why()
    {
        factory.ResetSimulator();
        var (user, _) = await factory.CreateSignedInUserAsync();
        var conversation = await factory.CreateConversationAsync(user.Email!);
        await using var first = await VoiceHubClient.ConnectAsync(factory, user.Email!);
        await using var second = await VoiceHubClient.ConnectAsync(factory, user.Email!);
        await first.StartSessionAsync(conversation, "pipeline");
        await first.TalkAsync(Utterance);

        await second.StartSessionAsync(conversation, "realtime");

        var why = await first.WaitForAsync("Error", e => e.Text(0) == VoiceErrorCodes.TakenOver);
        Assert.Contains("another tab or window", why.Text(1));
        await first.WaitForAsync("SessionEnded");
        // The new tab's model has the first tab's exchange in context: "Simulated reply 2 ...".
        Assert.StartsWith("Simulated reply 2 ", await second.TalkAsync(Utterance));
        await first.SendAudioAsync(TestAudio.Silence(40));
        await first.WaitForAsync("Error", e => e.Text(0) == VoiceErrorCodes.NoSession);

        var turns = await factory.TurnsAsync(conversation);
        Assert.Equal(4, turns.Count);
        Assert.Equal([1, 2, 3, 4], turns.Select(t => t.Sequence).Order());
    }

    [Fact]
    public async Task Deleting_a_conversation_ends_its_live_session_at_once()
    {
        factory.ResetSimulator();
        var (user, page) = await factory.CreateSignedInUserAsync();
        var conversation = await factory.CreateConversationAsync(user.Email!);
        await using var client = await VoiceHubClient.ConnectAsync(factory, user.Email!);
        await client.StartSessionAsync(conversation, "realtime");
        await client.TalkAsync(Utterance);

        var token = HtmlForms.AntiforgeryToken(await page.GetPageAsync($"/Conversations/{conversation}"));
        using (var deleted = await page.PostFormAsync($"/Conversations/{conversation}?handler=Delete", [new(HtmlForms.TokenField, token)]))
            Assert.Contains("Conversation deleted.", await deleted.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var why = await client.WaitForAsync("Error", e => e.Text(0) == VoiceErrorCodes.ConversationDeleted);
        Assert.Equal(VoiceSessions.ConversationDeletedReason, why.Text(1));
        await client.WaitForAsync("SessionEnded");
        Assert.False(await factory.WithDbAsync(db => db.Conversations.AnyAsync(c => c.Id == conversation)));
    }

    [Fact]
    public async Task A_conversation_deleted_elsewhere_ends_the_session_at_its_next_turn_without_storage_errors()
    {
        factory.ResetSimulator();
        var (user, _) = await factory.CreateSignedInUserAsync();
        var conversation = await factory.CreateConversationAsync(user.Email!);
        await using var client = await VoiceHubClient.ConnectAsync(factory, user.Email!);
        await client.StartSessionAsync(conversation, "pipeline");

        // Deleted straight in the database, as another server would: this server's session only learns it by writing.
        await factory.WithDbAsync(db => db.Conversations.Where(c => c.Id == conversation).ExecuteDeleteAsync());
        await client.SpeakAsync(Utterance);

        await client.WaitForAsync("Error", e => e.Text(0) == VoiceErrorCodes.ConversationDeleted);
        await client.WaitForAsync("SessionEnded");
        Assert.DoesNotContain(client.Events, e => e.Name == "Error" && e.Text(0) == VoiceErrorCodes.Storage);
    }
}
