namespace VoiceSite.Audio;

public enum VadEventKind
{
    SpeechStarted,
    SpeechStopped,
}

/// <summary>
/// A detection, positioned in samples from the start of the stream.
/// For <see cref="VadEventKind.SpeechStarted"/> the position includes the prefix padding (like Azure's
/// <c>audio_start_ms</c>); for <see cref="VadEventKind.SpeechStopped"/> it includes the silence that ended
/// speech (like <c>audio_end_ms</c>). <see cref="SpeechEdgeSample"/> is the voiced edge itself.
/// </summary>
public readonly record struct VadEvent(VadEventKind Kind, long Sample, long SpeechEdgeSample, int SampleRate)
{
    public double Ms => Sample * 1000.0 / SampleRate;
    public double SpeechEdgeMs => SpeechEdgeSample * 1000.0 / SampleRate;
}

/// <summary>
/// Energy-based voice activity detector over PCM16 mono, in 10 ms frames, with hysteresis, a minimum
/// speech length, prefix padding and an end-of-speech silence. Feed it chunks of any size.
/// Not thread-safe: one instance per audio stream.
/// </summary>
public sealed class EnergyVad
{
    private readonly VadSettings _settings;
    private readonly int _sampleRate;
    private readonly int _frameSamples;
    private readonly byte[] _frame;
    private int _frameFill;
    private long _framesDone;

    private long _voicedRunStart = -1;   // first sample of the current voiced run (before speech starts)
    private long _lastVoicedEnd;         // sample after the last voiced frame
    private long _speechStart;           // first voiced sample of the current speech

    public EnergyVad(VadSettings settings, int sampleRate = Pcm16.SampleRate)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 8000);
        _settings = settings;
        _sampleRate = sampleRate;
        _frameSamples = sampleRate / 100;
        _frame = new byte[_frameSamples * Pcm16.BytesPerSample];
    }

    public VadSettings Settings => _settings;

    /// <summary>True between a SpeechStarted and the next SpeechStopped.</summary>
    public bool InSpeech { get; private set; }

    /// <summary>Level of the last complete frame, in dBFS.</summary>
    public double LastLevelDbfs { get; private set; } = -120;

    /// <summary>Samples consumed so far (complete frames).</summary>
    public long SamplesProcessed => _framesDone * _frameSamples;

    /// <summary>Start (voiced edge) of the speech in progress, or of the last one.</summary>
    public long SpeechStartSample => _speechStart;

    /// <summary>Processes a chunk (even length) and returns the detections it caused, in order.</summary>
    public IReadOnlyList<VadEvent> Process(ReadOnlySpan<byte> pcm16)
    {
        if (pcm16.Length % Pcm16.BytesPerSample != 0)
            throw new ArgumentException("PCM16 audio must have an even number of bytes.", nameof(pcm16));

        List<VadEvent>? events = null;
        while (!pcm16.IsEmpty)
        {
            var take = Math.Min(_frame.Length - _frameFill, pcm16.Length);
            pcm16[..take].CopyTo(_frame.AsSpan(_frameFill));
            _frameFill += take;
            pcm16 = pcm16[take..];
            if (_frameFill < _frame.Length)
                break;
            _frameFill = 0;
            if (ProcessFrame() is { } e)
                (events ??= []).Add(e);
        }
        return events ?? (IReadOnlyList<VadEvent>)[];
    }

    /// <summary>Ends speech in progress (end of stream, push-to-talk release) and returns its stop event.</summary>
    public VadEvent? Flush()
    {
        if (!InSpeech)
            return null;
        InSpeech = false;
        _voicedRunStart = -1;
        var end = SamplesProcessed;
        return new VadEvent(VadEventKind.SpeechStopped, end, _lastVoicedEnd, _sampleRate);
    }

    private VadEvent? ProcessFrame()
    {
        var frameStart = _framesDone * _frameSamples;
        _framesDone++;
        var frameEnd = frameStart + _frameSamples;
        var level = Pcm16.RmsDbfs(_frame);
        LastLevelDbfs = level;

        if (!InSpeech)
        {
            if (level < _settings.StartLevelDbfs)
            {
                _voicedRunStart = -1;
                return null;
            }
            if (_voicedRunStart < 0)
                _voicedRunStart = frameStart;
            _lastVoicedEnd = frameEnd;
            if (MsOf(frameEnd - _voicedRunStart) < _settings.MinSpeechMs)
                return null;
            InSpeech = true;
            _speechStart = _voicedRunStart;
            var padded = Math.Max(0, _speechStart - SamplesOf(_settings.PrefixPaddingMs));
            return new VadEvent(VadEventKind.SpeechStarted, padded, _speechStart, _sampleRate);
        }

        if (level >= _settings.ContinueLevelDbfs)
        {
            _lastVoicedEnd = frameEnd;
            return null;
        }
        if (MsOf(frameEnd - _lastVoicedEnd) < _settings.SilenceDurationMs)
            return null;
        InSpeech = false;
        _voicedRunStart = -1;
        return new VadEvent(VadEventKind.SpeechStopped, frameEnd, _lastVoicedEnd, _sampleRate);
    }

    private double MsOf(long samples) => samples * 1000.0 / _sampleRate;

    private long SamplesOf(int ms) => (long)ms * _sampleRate / 1000;
}
