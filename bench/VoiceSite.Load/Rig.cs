using System.Diagnostics;

namespace VoiceSite.Load;

/// <summary>
/// The processes under test: the simulator host alone (echo on) and the site pointed at it through the ordinary Azure
/// settings, each pinned (<c>taskset</c>) when the machine has two cores or more: the site on core 0, the simulator
/// and this generator on core 1. The site gets the startup hook that answers its runtime figures.
/// </summary>
internal sealed class Rig : IAsyncDisposable
{
    public const string SimulatorKey = "simulator-key";

    private Rig(Child simulator, Child site, Uri siteAddress, Uri realtime, int hookPort, string dataDirectory)
    {
        Simulator = simulator;
        Site = site;
        SiteAddress = siteAddress;
        RealtimeUri = realtime;
        HookPort = hookPort;
        DataDirectory = dataDirectory;
    }

    public Child Simulator { get; }
    public Child Site { get; }
    public Uri SiteAddress { get; }

    /// <summary>The simulator's realtime WebSocket (the floor's clients connect here).</summary>
    public Uri RealtimeUri { get; }
    public int HookPort { get; }
    public string DataDirectory { get; }
    public string DatabasePath => Path.Combine(DataDirectory, "voicesite.db");

    public static async Task<Rig> StartAsync(LoadOptions options)
    {
        var data = Path.Combine(Path.GetTempPath(), "voicesite-load", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss") + "-" + Environment.ProcessId);
        Directory.CreateDirectory(data);
        var simPort = ProcFs.FreePort();
        var sitePort = ProcFs.FreePort();
        var hookPort = ProcFs.FreePort();
        var pin = options.Pin;

        var simulator = Child.Start("simulator", options.SimulatorDll,
            $"--urls http://127.0.0.1:{simPort} --Simulator:Realtime:Echo=true --Simulator:Realtime:SessionLimit=02:00:00",
            pin ? "1" : null, new Dictionary<string, string> { ["DOTNET_gcServer"] = "0" }, Path.Combine(data, "simulator.log"));
        var simulatorBase = $"http://127.0.0.1:{simPort}";
        await simulator.WaitReadyAsync(new Uri(simulatorBase + "/"), 60);

        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = options.SiteEnvironmentName,
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{sitePort}",
            ["ConnectionStrings__Default"] = $"Data Source={Path.Combine(data, "voicesite.db")}",
            ["Recordings__LocalPath"] = Path.Combine(data, "recordings"),
            ["Simulator__Enabled"] = "false",
            // The ordinary Azure settings, pointed at the simulator's process.
            ["AZURE_OPENAI_REALTIME_ENDPOINT"] = simulatorBase + "/simulator/openai",
            ["AZURE_OPENAI_REALTIME_KEY"] = SimulatorKey,
            ["AZURE_OPENAI_REALTIME_DEPLOYMENT"] = "gpt-realtime",
            ["USE_REALTIME_API"] = "true",
            ["AZURE_OPENAI_ENDPOINT"] = simulatorBase + "/simulator/openai",
            ["AZURE_OPENAI_KEY"] = SimulatorKey,
            ["AZURE_OPENAI_CHAT_DEPLOYMENT"] = "gpt-4o-mini",
            ["AZURE_SPEECH_KEY"] = SimulatorKey,
            ["AZURE_SPEECH_STT_ENDPOINT"] = simulatorBase + "/simulator/speech/stt",
            ["AZURE_SPEECH_TTS_ENDPOINT"] = simulatorBase + "/simulator/speech/tts",
            // Per-user cost limits out of the way: each session is its own user, all signing in from 127.0.0.1.
            ["VoiceLimits__StartsPerMinute"] = "10000",
            ["VoiceLimits__DailyVoiceMinutes"] = "1440",
            ["RateLimits__SignInPerMinute"] = "10000",
            ["DOTNET_STARTUP_HOOKS"] = options.HookDll,
            ["VOICESITE_LOAD_HOOK_PORT"] = hookPort.ToString(),
        };
        foreach (var (key, value) in options.SiteEnvironment)
            environment[key] = value;
        var site = Child.Start("site", options.SiteDll, "", pin ? "0" : null, environment, Path.Combine(data, "site.log"));
        var siteAddress = new Uri($"http://127.0.0.1:{sitePort}/");
        try
        {
            await site.WaitReadyAsync(new Uri(siteAddress, "/healthz/ready"), 180);
        }
        catch
        {
            await site.DisposeAsync();
            await simulator.DisposeAsync();
            Console.WriteLine(File.ReadAllText(Path.Combine(data, "site.log")));
            throw;
        }
        if (pin && OperatingSystem.IsLinux())
            Process.GetCurrentProcess().ProcessorAffinity = 2; // core 1, beside the simulator
        return new Rig(simulator, site, siteAddress, new Uri($"ws://127.0.0.1:{simPort}/simulator/openai/v1/realtime?model=gpt-realtime"),
            hookPort, data);
    }

    public Task<RuntimeStats> StatsAsync(bool collect = false) => RuntimeStats.ReadAsync(HookPort, collect);

    /// <summary>CPU seconds so far of the site, the simulator and this generator, and the whole machine's busy jiffies.</summary>
    public CpuSnapshot Cpu() => new(Site.CpuSeconds(), Simulator.CpuSeconds(), ProcFs.CpuSeconds(Environment.ProcessId),
        ProcFs.Machine(), Stopwatch.GetTimestamp());

    public async ValueTask DisposeAsync()
    {
        await Site.DisposeAsync();
        await Simulator.DisposeAsync();
    }
}

internal readonly record struct CpuSnapshot(double Site, double Simulator, double Generator, (long Busy, long Total) Machine, long At)
{
    public CpuSnapshot Minus(CpuSnapshot earlier) => new(Site - earlier.Site, Simulator - earlier.Simulator, Generator - earlier.Generator,
        (Machine.Busy - earlier.Machine.Busy, Machine.Total - earlier.Machine.Total), At - earlier.At);

    public double Seconds => (double)At / Stopwatch.Frequency;

    /// <summary>Share of the whole machine busy (all processes, all cores) over the interval.</summary>
    public double MachineBusy => Machine.Total == 0 ? 0 : (double)Machine.Busy / Machine.Total;
}
