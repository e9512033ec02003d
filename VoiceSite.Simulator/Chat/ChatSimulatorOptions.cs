namespace VoiceSite.Simulator;

/// <summary>Simulated chat completions (section <c>Simulator:Chat</c>).</summary>
public sealed class ChatSimulatorOptions : SimulatedServiceOptions
{
    /// <summary>Pause between streamed words, in milliseconds (0: as fast as possible).</summary>
    public int WordDelayMs { get; set; } = 20;
}
