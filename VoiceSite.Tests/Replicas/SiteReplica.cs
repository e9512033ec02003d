using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace VoiceSite.Tests.Replicas;

/// <summary>
/// The site as its own process (the build output, started with <c>dotnet VoiceSite.dll</c>), as one replica of a
/// deployment: its own port and data folder, a database it may share with other replicas. Stopped with SIGTERM,
/// as Azure Container Apps stops a replica; killed at dispose if still running.
/// </summary>
public sealed class SiteReplica : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private SiteReplica(string name, int port, Process process)
    {
        Name = name;
        Port = port;
        _process = process;
    }

    public string Name { get; }
    public int Port { get; }
    public Uri Address => new($"http://127.0.0.1:{Port}/");
    public bool Exited => _process.HasExited;
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Everything the process wrote (its log), in order.</summary>
    public IReadOnlyList<string> Output => [.. _output];

    public bool Logged(string text) => _output.Any(line => line.Contains(text, StringComparison.Ordinal));

    /// <summary>Starts a replica on <paramref name="connectionString"/> and waits until it is ready (<c>/healthz/ready</c>).</summary>
    public static async Task<SiteReplica> StartAsync(string name, string connectionString, string dataFolder, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var bin = AppContext.BaseDirectory;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = bin,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(bin, "VoiceSite.dll"));
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(SiteContentRoot());
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ConnectionStrings__Default"] = connectionString,
            ["Admin__Email"] = Infrastructure.VoiceSiteFactory.AdminEmail,
            ["Admin__Password"] = Infrastructure.VoiceSiteFactory.AdminPassword,
            ["Simulator__Enabled"] = "true",
            ["Recordings__LocalPath"] = Path.Combine(dataFolder, $"recordings-{name}"),
            ["DOTNET_SHUTDOWNTIMEOUTSECONDS"] = "30",
            ["Logging__LogLevel__Default"] = "Information",
            ["Logging__LogLevel__Microsoft"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            environment[key] = value;
        foreach (var (key, value) in environment)
            start.Environment[key] = value;

        var process = new Process { StartInfo = start };
        var replica = new SiteReplica(name, port, process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) replica._output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) replica._output.Enqueue(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await replica.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
        return replica;
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"Replica {Name} exited with {_process.ExitCode}:\n{string.Join('\n', Output.TakeLast(40))}");
            try
            {
                using var response = await http.GetAsync("/healthz/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"Replica {Name} was not ready within {timeout}:\n{string.Join('\n', Output.TakeLast(40))}");
    }

    /// <summary>SIGTERM, as a revision roll or a scale-in sends it; the replica drains and exits.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>SIGKILL, as a crash or an out-of-memory kill ends a replica: nothing is drained, stored or given back.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>Waits for the process to end (bounded); its exit code, or null when it did not end in time.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The site's project folder (wwwroot and appsettings), found from the test output upwards.</summary>
    private static string SiteContentRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "VoiceSite", "wwwroot");
            if (Directory.Exists(candidate))
                return Path.Combine(dir.FullName, "VoiceSite");
        }
        throw new DirectoryNotFoundException("The VoiceSite project folder was not found above the test output.");
    }
}
