using Microsoft.EntityFrameworkCore;
using VoiceSite.Tests.Admin;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Recordings;

/// <summary>Recording can be switched off per scenario, and the talk panel says plainly when a conversation is recorded.</summary>
public sealed class RecordingConsentTests(KestrelVoiceSiteFactory factory) : IClassFixture<KestrelVoiceSiteFactory>
{
    private const string Notice = "This conversation is recorded";

    [Fact]
    public async Task An_administrator_switches_recording_off_for_a_scenario_and_back_on()
    {
        var id = await factory.CreateScenarioAsync();
        using var admin = await AdminClient.SignInAsync(factory);
        var fields = await admin.EditFormAsync(id);
        Assert.Contains(fields, f => f.Key == "Input.RecordingEnabled" && f.Value == "true"); // ticked by default

        fields.RemoveAll(f => f.Key == "Input.RecordingEnabled" && f.Value == "true"); // untick: only the hidden "false" is posted
        using (var saved = await admin.PostFormAsync($"/Admin/Scenarios/Edit/{id}", fields))
            Assert.True(saved.IsSuccessStatusCode || saved.StatusCode == System.Net.HttpStatusCode.Redirect);
        Assert.False((await factory.LoadAsync(id))!.RecordingEnabled);

        fields = await admin.EditFormAsync(id);
        Assert.DoesNotContain(fields, f => f.Key == "Input.RecordingEnabled" && f.Value == "true");
        fields.Insert(0, new("Input.RecordingEnabled", "true")); // tick again: the box comes before the hidden field
        using (var saved = await admin.PostFormAsync($"/Admin/Scenarios/Edit/{id}", fields))
            Assert.True(saved.IsSuccessStatusCode || saved.StatusCode == System.Net.HttpStatusCode.Redirect);
        Assert.True((await factory.LoadAsync(id))!.RecordingEnabled);
    }

    [Fact]
    public async Task A_conversation_of_a_scenario_without_recording_is_not_recorded_and_the_page_says_nothing_of_it()
    {
        var (user, http) = await factory.CreateSignedInUserAsync();
        using var _ = http;
        var recorded = await factory.CreateConversationAsync(user.Email!);
        var unrecorded = await factory.CreateConversationAsync(user.Email!);
        await factory.WithDbAsync(async db =>
        {
            var scenario = await db.Conversations.Where(c => c.Id == unrecorded).Select(c => c.Scenario!).SingleAsync();
            var copy = new VoiceSite.Data.Entities.Scenario { Name = "Unrecorded " + Guid.NewGuid().ToString("N")[..8], RecordingEnabled = false, IsPublished = true };
            db.Scenarios.Add(copy);
            await db.SaveChangesAsync();
            return await db.Conversations.Where(c => c.Id == unrecorded).ExecuteUpdateAsync(s => s.SetProperty(c => c.ScenarioId, copy.Id));
        });

        Assert.Contains(Notice, await http.GetPageAsync($"/Conversations/{recorded}"), StringComparison.Ordinal);
        Assert.DoesNotContain(Notice, await http.GetPageAsync($"/Conversations/{unrecorded}"), StringComparison.Ordinal);

        await using var client = await VoiceHubClient.ConnectAsync(factory, user.Email!);
        await client.StartSessionAsync(unrecorded);
        await client.SpeakAsync(RecordingTestKit.Utterance);
        await client.WaitForAsync("UserTranscript");
        await client.EndSessionAsync();
        await client.StartSessionAsync(recorded);
        var before = client.Events.Count;
        await client.SpeakAsync(RecordingTestKit.Utterance);
        await client.WaitForAsync("UserTranscript", after: before);
        await client.EndSessionAsync();

        Assert.Empty(await factory.RecordingsAsync(unrecorded));
        Assert.Single(await factory.RecordingsAsync(recorded));
    }
}
