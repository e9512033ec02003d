using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Recordings;

/// <summary>The site stopping in the middle of a session: what was recorded up to then plays after the restart.</summary>
public sealed class RecordingRestartTests : IAsyncLifetime
{
    private readonly string _shared = Path.Combine(Path.GetTempPath(), "voicesite-tests", "restart-" + Guid.NewGuid().ToString("N"));

    /// <summary>A site on the shared database, keys and recordings folder (each factory's own folder is deleted with it).</summary>
    private KestrelVoiceSiteFactory Site()
    {
        var site = new KestrelVoiceSiteFactory();
        site.Settings["ConnectionStrings:Default"] = $"Data Source={Path.Combine(_shared, "voicesite.db")}";
        site.Settings["DataProtection:KeysPath"] = Path.Combine(_shared, "keys");
        site.Settings["Recordings:LocalPath"] = Path.Combine(_shared, "recordings");
        return site;
    }

    [Fact]
    public async Task A_session_cut_off_by_a_restart_leaves_a_playable_recording_of_what_was_said()
    {
        string email;
        Guid conversation;
        byte[] snapshot;
        await using (var first = Site())
        {
            var (user, http) = await first.CreateSignedInUserAsync();
            http.Dispose();
            email = user.Email!;
            conversation = await first.CreateConversationAsync(email);
            var client = await VoiceHubClient.ConnectAsync(first, email);
            await client.StartSessionAsync(conversation, "realtime");
            await client.SpeakInRealTimeAsync(RecordingTestKit.Utterance);
            await client.WaitForAsync("UserTranscript");
            await client.SpeakInRealTimeAsync(RecordingTestKit.Utterance);
            // The recording row is there from its first flush, and grows while the session goes on.
            var live = await first.WaitForRecordingAsync(conversation, r => r.DurationMs >= 2000);
            Assert.Null(live.CompletedAt);

            // What a crash at this moment would leave: the file as it is now, pages written so far.
            snapshot = await File.ReadAllBytesAsync(Path.Combine(_shared, "recordings", live.StorageKey));
            // The site stops without the session being ended (the client is still connected).
        }

        var crashed = OggOpusReader.Decode(snapshot);
        Assert.False(crashed.Ended);
        Assert.True(crashed.DurationMs >= 2000, $"only {crashed.DurationMs} ms were playable");
        Assert.Contains(true, RecordingSignals.Analyze(crashed.Samples, RecordingTestKit.ToneHz).Tone);

        await using var second = Site();
        using var owner = await second.CreateSignedInClientAsync(email, "User-pass-1");
        var recording = Assert.Single(await second.RecordingsAsync(conversation));
        using var response = await owner.GetAsync($"/Conversations/{conversation}/recordings/1");
        response.EnsureSuccessStatusCode();
        var decoded = OggOpusReader.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.True(decoded.DurationMs >= crashed.DurationMs);
        Assert.Equal(recording.DurationMs, decoded.DurationMs, 1.0);
        var tone = RecordingSignals.Analyze(decoded.Samples, RecordingTestKit.ToneHz).Tone;
        Assert.InRange(tone.Count(t => t) * RecordingSignals.WindowMs, 2 * 1500 - 200, 2 * 1500 + 200);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_shared, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return Task.CompletedTask;
    }
}
