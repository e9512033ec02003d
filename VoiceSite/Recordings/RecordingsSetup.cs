using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;
using VoiceSite.Recordings.Storage;
using VoiceSite.Voice.Upstream;

namespace VoiceSite.Recordings;

public static class RecordingsSetup
{
    /// <summary>Recording of voice sessions: the store chosen by <c>Recordings:Store</c>, the recorders, the catalog and retention.</summary>
    public static WebApplicationBuilder AddRecordings(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RecordingOptions>().BindConfiguration(RecordingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IRecordingStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RecordingOptions>>().Value;
            return options.Store switch
            {
                RecordingStoreKind.AzureBlob => new BlobRecordingStore(Container(options, sp), sp.GetRequiredService<ILogger<BlobRecordingStore>>()),
                _ => new LocalRecordingStore(Path.Combine(sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath, options.LocalPath)),
            };
        });
        builder.Services.AddSingleton<SessionRecorders>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SessionRecorders>());
        builder.Services.AddSingleton<RecordingCatalog>();
        builder.Services.AddSingleton<RecordingRetention>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RecordingRetention>());
        return builder;
    }

    private static BlobContainerClient Container(RecordingOptions options, IServiceProvider services)
    {
        var client = !string.IsNullOrWhiteSpace(options.ConnectionString)
            ? new BlobServiceClient(options.ConnectionString)
            : new BlobServiceClient(new Uri(options.AccountUrl!), services.GetRequiredService<EntraCredential>().Credential);
        return client.GetBlobContainerClient(options.Container);
    }
}
