namespace VoiceSite.Simulator;

/// <summary>Simulated Azure speech-to-text (section <c>Simulator:Stt</c>).</summary>
public sealed class SpeechToTextSimulatorOptions : SimulatedServiceOptions
{
    /// <summary>Audio without speech at least this long is answered <c>InitialSilenceTimeout</c>; shorter, <c>NoMatch</c>.</summary>
    public int InitialSilenceTimeoutMs { get; set; } = 5000;
}

/// <summary>Simulated Azure text-to-speech (section <c>Simulator:Tts</c>).</summary>
public sealed class TextToSpeechSimulatorOptions : SimulatedServiceOptions
{
    /// <summary>Audio per chunk of the streamed answer, in milliseconds.</summary>
    public int ChunkMs { get; set; } = 100;

    /// <summary>How many times faster than real time the audio is sent (4: a 2 s sentence takes 0.5 s); 0 sends it all at once.</summary>
    public double PaceFactor { get; set; } = 4;
}
