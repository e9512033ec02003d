using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace VoiceSite.Load;

/// <summary>A child process of the benchmark (the site or the simulator), pinned to cores with taskset when asked.</summary>
internal sealed class Child : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private Child(string name, Process process, StreamWriter log)
    {
        Name = name;
        _process = process;
        _log = log;
    }

    public string Name { get; }
    public int Pid => _process.Id;
    public bool Exited => _process.HasExited;

    /// <summary>Starts <c>dotnet {dll} {args}</c> (under <c>taskset -c {cores}</c> when given), output to a log file.</summary>
    public static Child Start(string name, string dll, string args, string? cores, IDictionary<string, string> environment, string logPath)
    {
        var dotnet = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var info = cores is null
            ? new ProcessStartInfo(dotnet, $"\"{dll}\" {args}")
            : new ProcessStartInfo("taskset", $"-c {cores} \"{dotnet}\" \"{dll}\" {args}");
        info.WorkingDirectory = Path.GetDirectoryName(dll)!;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        foreach (var (key, value) in environment)
            info.Environment[key] = value;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {name}.");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new Child(name, process, log);
    }

    /// <summary>Waits until <paramref name="url"/> answers 200 (at most <paramref name="seconds"/>).</summary>
    public async Task WaitReadyAsync(Uri url, int seconds)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var until = Stopwatch.GetTimestamp() + (long)(seconds * (double)Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was ready (see its log).");
            try
            {
                using var response = await http.GetAsync(url);
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{Name} did not answer {url} within {seconds} s.");
    }

    /// <summary>User + system CPU time of the process so far (/proc/{pid}/stat), in seconds.</summary>
    public double CpuSeconds() => ProcFs.CpuSeconds(Pid);

    /// <summary>Resident set size (/proc/{pid}/status VmRSS), in bytes.</summary>
    public long RssBytes() => ProcFs.RssBytes(Pid);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM first (the site drains and stops), then kill.
            Process.Start("kill", $"-TERM {_process.Id}")?.WaitForExit();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try { await _process.WaitForExitAsync(wait.Token); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        }
        _process.Dispose();
        lock (_log)
            _log.Dispose();
    }
}

/// <summary>Readings from /proc (Linux).</summary>
internal static class ProcFs
{
    private static readonly double TicksPerSecond = 100; // USER_HZ: 100 on every Linux this runs on

    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the command name (which may hold spaces) start after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    public static long RssBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        return 0;
    }

    /// <summary>The whole machine's busy and total CPU time in jiffies (/proc/stat), to show what else ran.</summary>
    public static (long Busy, long Total) Machine()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var idle = cpu[3] + cpu[4];
        var total = cpu.Take(8).Sum();
        return (total - idle, total);
    }

    public static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Runtime figures of the site, from the startup hook (bench/VoiceSite.Load.Hook) on a loopback port.</summary>
internal sealed class RuntimeStats(IReadOnlyDictionary<string, double> values)
{
    public double this[string key] => values.TryGetValue(key, out var v) ? v : double.NaN;

    public static async Task<RuntimeStats> ReadAsync(int port, bool collect = false)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        await using var stream = client.GetStream();
        await using (var writer = new StreamWriter(stream, leaveOpen: true))
            await writer.WriteLineAsync(collect ? "gc" : "stats");
        using var reader = new StreamReader(stream);
        var line = await reader.ReadLineAsync() ?? "";
        return new RuntimeStats(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture)));
    }
}
