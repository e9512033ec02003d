using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using VoiceSite.Data.Entities;
using VoiceSite.Tests.Admin;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Recordings;

/// <summary>Serving recordings: ranges, the owner only, administrators through /Admin, and the playlist's offsets.</summary>
public sealed class RecordingAccessTests(VoiceSiteFactory factory) : IClassFixture<VoiceSiteFactory>
{
    private async Task<(HttpClient Owner, Guid Conversation, byte[] Audio)> RecordedConversationAsync()
    {
        var (user, owner) = await factory.CreateSignedInUserAsync();
        var conversation = await factory.CreateConversationAsync(user.Email!);
        var audio = StoredRecordings.OggTone(3);
        await StoredRecordings.AddAsync(factory, conversation, audio, DateTime.UtcNow.AddMinutes(-5));
        return (owner, conversation, audio);
    }

    [Fact]
    public async Task The_owner_gets_the_whole_recording_and_any_byte_range_of_it()
    {
        var (owner, conversation, audio) = await RecordedConversationAsync();
        using var _ = owner;
        var url = $"/Conversations/{conversation}/recordings/1";

        using (var whole = await owner.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
            Assert.Equal("audio/ogg", whole.Content.Headers.ContentType?.MediaType);
            Assert.Equal("bytes", Assert.Single(whole.Headers.AcceptRanges));
            Assert.True(whole.Headers.CacheControl?.Private);
            Assert.Equal(audio, await whole.Content.ReadAsByteArrayAsync());
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Range = new RangeHeaderValue(1000, 1999);
        using var part = await owner.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal($"bytes 1000-1999/{audio.Length}", part.Content.Headers.ContentRange?.ToString());
        Assert.Equal(audio[1000..2000], await part.Content.ReadAsByteArrayAsync());

        using var tailRequest = new HttpRequestMessage(HttpMethod.Get, url);
        tailRequest.Headers.Range = new RangeHeaderValue(null, 500);
        using var tail = await owner.SendAsync(tailRequest);
        Assert.Equal(HttpStatusCode.PartialContent, tail.StatusCode);
        Assert.Equal(audio[^500..], await tail.Content.ReadAsByteArrayAsync());

        using var beyondRequest = new HttpRequestMessage(HttpMethod.Get, url);
        beyondRequest.Headers.Range = new RangeHeaderValue(audio.Length + 10, null);
        using var beyond = await owner.SendAsync(beyondRequest);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, beyond.StatusCode);
    }

    [Fact]
    public async Task Another_user_gets_404_for_the_playlist_and_the_audio_and_an_administrator_gets_both_through_admin()
    {
        var (owner, conversation, audio) = await RecordedConversationAsync();
        owner.Dispose();
        var (_, stranger) = await factory.CreateSignedInUserAsync();
        using (stranger)
        {
            using var list = await stranger.GetAsync($"/Conversations/{conversation}/recordings");
            Assert.Equal(HttpStatusCode.NotFound, list.StatusCode);
            using var file = await stranger.GetAsync($"/Conversations/{conversation}/recordings/1");
            Assert.Equal(HttpStatusCode.NotFound, file.StatusCode);
            using var adminRoute = await stranger.GetAsync($"/Admin/Conversations/{conversation}/recordings/1");
            Assert.NotEqual(HttpStatusCode.OK, adminRoute.StatusCode);
        }

        using var admin = await AdminClient.SignInAsync(factory);
        using (var own = await admin.GetAsync($"/Conversations/{conversation}/recordings/1"))
            Assert.Equal(HttpStatusCode.NotFound, own.StatusCode); // not the administrator's conversation
        using var adminFile = await admin.GetAsync($"/Admin/Conversations/{conversation}/recordings/1");
        Assert.Equal(HttpStatusCode.OK, adminFile.StatusCode);
        Assert.Equal(audio, await adminFile.Content.ReadAsByteArrayAsync());
        using var adminList = await admin.GetAsync($"/Admin/Conversations/{conversation}/recordings");
        var playlist = JsonDocument.Parse(await adminList.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal($"/Admin/Conversations/{conversation}/recordings/1", playlist.GetProperty("recordings")[0].GetProperty("url").GetString());

        using var anonymous = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var signedOut = await anonymous.GetAsync($"/Conversations/{conversation}/recordings/1");
        Assert.NotEqual(HttpStatusCode.OK, signedOut.StatusCode);
        using var missing = await admin.GetAsync($"/Admin/Conversations/{conversation}/recordings/2");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_playlist_plays_sessions_one_after_the_other_and_places_each_turn_in_its_recording()
    {
        var (user, owner) = await factory.CreateSignedInUserAsync();
        using var _ = owner;
        var start = DateTime.UtcNow.AddHours(-1);
        var conversation = await factory.CreateConversationAsync(user.Email!, c =>
        {
            c.Turns.Add(new Turn { Role = TurnRole.User, Text = "first", StartedAt = start.AddSeconds(1), Sequence = 1 });
            c.Turns.Add(new Turn { Role = TurnRole.Assistant, Text = "second", StartedAt = start.AddSeconds(2.5), Sequence = 2 });
            c.Turns.Add(new Turn { Role = TurnRole.User, Text = "unrecorded", StartedAt = start.AddMinutes(5), Sequence = 3 });
            c.Turns.Add(new Turn { Role = TurnRole.User, Text = "later", StartedAt = start.AddMinutes(10).AddSeconds(1.2), Sequence = 4 });
        });
        await StoredRecordings.AddAsync(factory, conversation, StoredRecordings.OggTone(1), start, durationMs: 3000);
        await StoredRecordings.AddAsync(factory, conversation, StoredRecordings.OggTone(1), start.AddMinutes(10), durationMs: 2000);

        var json = await owner.GetStringAsync($"/Conversations/{conversation}/recordings");
        var playlist = JsonDocument.Parse(json).RootElement;
        var parts = playlist.GetProperty("recordings");
        Assert.Equal(2, parts.GetArrayLength());
        Assert.Equal(0, parts[0].GetProperty("offsetMs").GetInt32());
        Assert.Equal(3000, parts[1].GetProperty("offsetMs").GetInt32());
        Assert.Equal($"/Conversations/{conversation}/recordings/2", parts[1].GetProperty("url").GetString());
        Assert.Equal(5000, playlist.GetProperty("totalMs").GetInt32());
        var turns = playlist.GetProperty("turns").EnumerateArray()
            .Select(t => (t.GetProperty("recording").GetInt32(), t.GetProperty("positionMs").GetInt32(), t.GetProperty("playlistMs").GetInt32()))
            .ToList();
        Assert.Equal([(1, 1000, 1000), (1, 2500, 2500), (2, 1200, 4200)], turns);
    }
}
