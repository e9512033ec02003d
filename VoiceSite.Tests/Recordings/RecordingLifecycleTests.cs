using Microsoft.Extensions.DependencyInjection;
using VoiceSite.Recordings;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Recordings;

/// <summary>Recordings go with their conversation, and retention removes old ones (audio and row).</summary>
public sealed class RecordingLifecycleTests(VoiceSiteFactory factory) : IClassFixture<VoiceSiteFactory>
{
    [Fact]
    public async Task Retention_deletes_recordings_older_than_the_setting_and_keeps_newer_ones_and_can_run_twice()
    {
        var (user, owner) = await factory.CreateSignedInUserAsync();
        owner.Dispose();
        var conversation = await factory.CreateConversationAsync(user.Email!);
        var old = await StoredRecordings.AddAsync(factory, conversation, StoredRecordings.OggTone(1), DateTime.UtcNow.AddDays(-91));
        var recent = await StoredRecordings.AddAsync(factory, conversation, StoredRecordings.OggTone(1), DateTime.UtcNow.AddDays(-89));
        Assert.True(File.Exists(factory.FileOf(old)));

        var retention = factory.Services.GetRequiredService<RecordingRetention>();
        Assert.True(await retention.RunOnceAsync(CancellationToken.None) >= 1);
        Assert.Equal(0, await retention.RunOnceAsync(CancellationToken.None)); // another replica's pass finds nothing left

        var left = await factory.RecordingsAsync(conversation);
        Assert.Equal([recent.Id], left.Select(r => r.Id));
        Assert.False(File.Exists(factory.FileOf(old)));
        Assert.True(File.Exists(factory.FileOf(recent)));
    }

    [Fact]
    public async Task Deleting_a_conversation_deletes_its_recordings()
    {
        var (user, owner) = await factory.CreateSignedInUserAsync();
        using var _ = owner;
        var conversation = await factory.CreateConversationAsync(user.Email!);
        var recording = await StoredRecordings.AddAsync(factory, conversation, StoredRecordings.OggTone(1), DateTime.UtcNow);
        var page = await owner.GetPageAsync($"/Conversations/{conversation}");

        using var response = await owner.PostFormAsync($"/Conversations/{conversation}?handler=Delete",
            [new(HtmlForms.TokenField, HtmlForms.AntiforgeryToken(page))]);
        Assert.True((int)response.StatusCode is 302 or 204, $"delete answered {(int)response.StatusCode}");

        Assert.Empty(await factory.RecordingsAsync(conversation));
        Assert.False(File.Exists(factory.FileOf(recording)));
    }
}
