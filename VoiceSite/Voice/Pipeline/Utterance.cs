using VoiceSite.Telemetry;

namespace VoiceSite.Voice.Pipeline;

/// <summary>
/// The user's speech from VAD start to stop, uploaded to speech-to-text while it is spoken. Speech longer than
/// <see cref="PipelineOptions.SegmentLimit"/> continues in a new recognition (one request may carry at most 60 s);
/// the segments' texts make one turn.
/// </summary>
internal sealed class Utterance(DateTime startedAt)
{
    public Guid TurnId { get; } = Guid.NewGuid();
    public DateTime StartedAt { get; } = startedAt;

    /// <summary>The recognition receiving audio now.</summary>
    public SpeechRecognition? Current { get; set; }

    /// <summary>Recognitions of earlier 55 s segments, completing in the background.</summary>
    public List<Task<SpeechRecognitionResult>> Earlier { get; } = [];

    /// <summary>Set when speech-to-text could not even start; the turn is stored untranscribed.</summary>
    public Exception? StartFailure { get; set; }

    public int? DurationMs { get; set; }

    /// <summary>When speech stopped (TimeProvider timestamp): the reply's latency is measured from here.</summary>
    public long? StoppedAt { get; set; }

    /// <summary>The turn's trace, from the end of speech until its turns are stored; null when nothing listens.</summary>
    public TurnTrace? Trace { get; set; }
}
