using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using VoiceSite.Recordings;
using VoiceSite.Recordings.Storage;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Recordings;

/// <summary>The Azure Blob store against Azurite: append blobs, ranged reads, deletion; and the site recording into it.</summary>
public sealed class BlobRecordingStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private BlobRecordingStore Store(string container) =>
        new(new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(container), NullLogger<BlobRecordingStore>.Instance);

    [Fact]
    public async Task Appends_are_readable_at_once_in_any_range_and_deletion_is_idempotent()
    {
        var store = Store("unit-" + Guid.NewGuid().ToString("N")[..8]);
        const string key = "conversation/recording.ogg";
        var first = Enumerable.Range(0, 3000).Select(i => (byte)i).ToArray();
        var second = Enumerable.Range(0, 2000).Select(i => (byte)(i * 7)).ToArray();
        await using (var appender = await store.CreateAsync(key, "audio/ogg", CancellationToken.None))
        {
            await appender.AppendAsync(first, CancellationToken.None);
            // Readable after each append: what a crash would leave.
            await using (var partial = await store.OpenReadAsync(key, CancellationToken.None))
                Assert.Equal(first.Length, partial!.Length);
            await appender.AppendAsync(second, CancellationToken.None);
        }
        await Assert.ThrowsAnyAsync<Azure.RequestFailedException>(() => store.CreateAsync(key, "audio/ogg", CancellationToken.None));

        await using (var read = await store.OpenReadAsync(key, CancellationToken.None))
        {
            Assert.NotNull(read);
            Assert.True(read.CanSeek);
            Assert.Equal(5000, read.Length);
            read.Position = 2500;
            var buffer = new byte[1000];
            await read.ReadExactlyAsync(buffer);
            Assert.Equal(first[2500..].Concat(second[..500]), buffer);
        }

        await store.DeleteAsync(key, CancellationToken.None);
        await store.DeleteAsync(key, CancellationToken.None);
        Assert.Null(await store.OpenReadAsync(key, CancellationToken.None));
        Assert.Null(await store.OpenReadAsync("never/there.ogg", CancellationToken.None));
    }

    [Fact]
    public async Task The_site_records_a_session_into_blob_storage_and_serves_it_with_ranges()
    {
        await using var site = new KestrelVoiceSiteFactory();
        site.Settings["Recordings:Store"] = "AzureBlob";
        site.Settings["Recordings:ConnectionString"] = azurite.ConnectionString;
        site.Settings["Recordings:Container"] = "site-" + Guid.NewGuid().ToString("N")[..8];
        var (user, http) = await site.CreateSignedInUserAsync();
        using var _ = http;
        var conversation = await site.CreateConversationAsync(user.Email!);
        await using (var client = await VoiceHubClient.ConnectAsync(site, user.Email!))
        {
            await client.StartSessionAsync(conversation);
            await client.SpeakInRealTimeAsync(RecordingTestKit.Utterance);
            var delta = await client.WaitForAsync("AssistantTranscriptDelta");
            await client.WaitForAsync("TurnCompleted", e => e.Text(0) == delta.Text(0));
            await client.EndSessionAsync();
        }
        Assert.False(Directory.Exists(Path.Combine(site.DataDirectory, "recordings")), "nothing goes to the local folder");

        var recording = Assert.Single(await site.RecordingsAsync(conversation));
        using var whole = await http.GetAsync($"/Conversations/{conversation}/recordings/1");
        var bytes = await whole.Content.ReadAsByteArrayAsync();
        Assert.Equal(recording.ByteSize, bytes.Length);
        var decoded = OggOpusReader.Decode(bytes);
        Assert.Equal(recording.DurationMs, decoded.DurationMs, 1.0);
        Assert.Contains(true, RecordingSignals.Analyze(decoded.Samples, RecordingTestKit.ToneHz).Tone);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/Conversations/{conversation}/recordings/1");
        request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(100, 4099);
        using var part = await http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(bytes[100..4100], await part.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public void Blob_storage_without_a_connection_string_or_account_url_is_a_start_up_error_naming_the_settings()
    {
        var options = new RecordingOptions { Store = RecordingStoreKind.AzureBlob };
        var result = new DataAnnotationValidateOptions<RecordingOptions>(null).Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains("Recordings:ConnectionString", result.FailureMessage);
        Assert.Contains("Recordings:AccountUrl", result.FailureMessage);
        Assert.True(new DataAnnotationValidateOptions<RecordingOptions>(null)
            .Validate(null, new RecordingOptions { Store = RecordingStoreKind.AzureBlob, AccountUrl = "https://account.blob.core.windows.net" }).Succeeded);
    }
}
