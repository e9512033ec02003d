namespace VoiceSite.Simulator;

/// <summary>Simulated chat completions (section <c>Simulator:Chat</c>).</summary>
public sealed class ChatSimulatorOptions : SimulatedServiceOptions
{
    /// <summary>Pause between streamed words, in milliseconds (0: as fast as possible).</summary>
    public int WordDelayMs { get; set; } = 20;

    /// <summary>How structured-output evaluation requests are answered (section <c>Simulator:Chat:Evaluation</c>).</summary>
    public EvaluationSimulatorOptions Evaluation { get; set; } = new();
}

/// <summary>Faults of the simulated evaluation, so tests can cover a retry and a rejected answer.</summary>
public sealed class EvaluationSimulatorOptions
{
    public EvaluationFault Fault { get; set; } = EvaluationFault.None;

    /// <summary>How many evaluation requests get the fault before answering normally (counted from when this object was set); 0: every one.</summary>
    public int FaultCount { get; set; }

    private int _faultsGiven;

    /// <summary>Whether this request gets the fault (counts it).</summary>
    internal bool TakeFault() =>
        Fault != EvaluationFault.None && (FaultCount <= 0 || Interlocked.Increment(ref _faultsGiven) <= FaultCount);
}

public enum EvaluationFault
{
    None = 0,
    /// <summary>One evidence quote is words nobody said.</summary>
    InventQuote,
    /// <summary>429 with Retry-After.</summary>
    RateLimit,
    /// <summary>500.</summary>
    ServerError,
}
