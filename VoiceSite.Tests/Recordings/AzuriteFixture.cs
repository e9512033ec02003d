using System.Diagnostics;
using System.Text.RegularExpressions;

namespace VoiceSite.Tests.Recordings;

/// <summary>
/// Azurite (Microsoft's Azure Storage emulator) on a free loopback port, in memory, for the blob store tests.
/// <c>scripts/ensure-test-tools.sh</c> (run by <c>scripts/test.sh</c>) installs it under <c>.test-tools/azurite</c>;
/// <c>AZURITE_BLOB_PATH</c> names another <c>azurite-blob</c>. The tests fail, not skip, when it is missing.
/// </summary>
public sealed partial class AzuriteFixture : IAsyncLifetime
{
    // Azurite's fixed development account (the same key for everyone, published in Azurite's documentation).
    private const string AccountName = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private Process? _process;
    private Task _drain = Task.CompletedTask;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var path = Environment.GetEnvironmentVariable("AZURITE_BLOB_PATH") ?? Path.Combine(RepositoryRoot(), ".test-tools", "azurite", "node_modules", ".bin", "azurite-blob");
        if (!File.Exists(path))
            throw new InvalidOperationException($"Azurite is not installed at {path}. Run scripts/ensure-test-tools.sh (scripts/test.sh does), or set AZURITE_BLOB_PATH.");
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in new[] { "--inMemoryPersistence", "--blobHost", "127.0.0.1", "--blobPort", "0", "--skipApiVersionCheck", "--disableTelemetry", "--silent", "--loose" })
            start.ArgumentList.Add(argument);
        _process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await _process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (ListeningRegex().Match(line) is { Success: true } listening)
            {
                ConnectionString = $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={listening.Groups[1].Value}/{AccountName};";
                _drain = DrainAsync(_process.StandardOutput); // keep reading so Azurite never blocks on a full pipe
                return;
            }
        }
        throw new InvalidOperationException("Azurite exited before it listened.");
    }

    private static async Task DrainAsync(StreamReader output)
    {
        try { while (await output.ReadLineAsync() is not null) { } }
        catch (Exception e) when (e is IOException or ObjectDisposedException) { }
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        await _drain;
        _process?.Dispose();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "VoiceSite.sln")))
                return dir.FullName;
        throw new InvalidOperationException("VoiceSite.sln not found above the test binaries.");
    }

    [GeneratedRegex(@"listens on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningRegex();
}
