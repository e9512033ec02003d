namespace VoiceSite.Simulator;

/// <summary>
/// Settings of the built-in stand-in for Azure (section <c>Simulator</c>). The simulator reads them per
/// request through <c>IOptionsMonitor&lt;SimulatorOptions&gt;.CurrentValue</c>, so tests change its
/// behaviour by setting properties on that instance.
/// </summary>
public sealed class SimulatorOptions
{
    public const string Section = "Simulator";

    /// <summary>Null: on outside Production for the services without Azure settings. Production needs <c>true</c>.</summary>
    public bool? Enabled { get; set; }

    /// <summary>The key the simulated services accept; any other key is answered 401 like Azure.</summary>
    public string ApiKey { get; set; } = "simulator-key";

    public RealtimeSimulatorOptions Realtime { get; set; } = new();
    public SpeechToTextSimulatorOptions Stt { get; set; } = new();
    public TextToSpeechSimulatorOptions Tts { get; set; } = new();
    public ChatSimulatorOptions Chat { get; set; } = new();

    /// <summary>
    /// When above 0, the simulated model (realtime and chat) calls the <c>end_roleplay</c> tool, if the session offers it,
    /// in its reply to the learner's Nth message: a short closing line, then the call. 0 (the default): only when the
    /// learner's latest message contains "goodbye" or "end the role-play" (typed messages; simulated speech never does).
    /// </summary>
    public int EndRoleplayAfterUserTurns { get; set; }

    /// <summary>
    /// A tool name: when the session offers that tool, the simulated model (realtime and chat) calls it with <c>{}</c>
    /// in reply to every learner message, saying nothing, and answers as usual once it has the tool's result. For testing
    /// the tool plumbing; null (the default) for none.
    /// </summary>
    public string? CallTool { get; set; }
}

public class SimulatedServiceOptions
{
    /// <summary>Added before the first byte of each answer, in milliseconds.</summary>
    public int LatencyMs { get; set; }

    public SimulatorFault Fault { get; set; } = SimulatorFault.None;
}

public sealed class RealtimeSimulatorOptions : SimulatedServiceOptions
{
    /// <summary>Return each appended audio chunk at once as output audio (relay latency benchmarks).</summary>
    public bool Echo { get; set; }

    /// <summary>How much faster than real time reply audio is streamed (4: a 4 s reply in 1 s); 0 streams it at once.</summary>
    public double PaceFactor { get; set; } = 4;

    /// <summary>Like Azure, end each session after this long with a <c>session_expired</c> error.</summary>
    public TimeSpan SessionLimit { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long the <see cref="SimulatorFault.Delay"/> fault stalls before answering.</summary>
    public TimeSpan DelayFaultDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Send a reply's whole transcript before its first audio (Azure's transcript usually runs ahead of the audio);
    /// by default each word's text goes out with the audio chunk it starts in.
    /// </summary>
    public bool TranscriptAhead { get; set; }

    /// <summary>With <see cref="SimulatorFault.DropMidResponse"/>: drop after this much reply audio; null drops at 40% of it.</summary>
    public int? DropAfterAudioMs { get; set; }
}

public enum SimulatorFault
{
    None = 0,
    /// <summary>Refuse the connection/request (503, or the WebSocket upgrade refused).</summary>
    Refuse,
    /// <summary>Answer 401 as if the key were wrong.</summary>
    RejectKey,
    /// <summary>Answer 429 with Retry-After.</summary>
    RateLimit,
    /// <summary>Start answering, then drop the connection part-way through.</summary>
    DropMidResponse,
    /// <summary>Stall for a long time (10 s) before answering.</summary>
    Delay,
}
