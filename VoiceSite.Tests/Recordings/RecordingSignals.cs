namespace VoiceSite.Tests.Recordings;

/// <summary>Where in a decoded recording the user's test tone and the assistant's (lower, speech-like) voice are heard.</summary>
public sealed class RecordingSignals
{
    public const int WindowMs = 20;
    private const int WindowSamples = 24 * WindowMs;

    private RecordingSignals(bool[] tone, bool[] voice)
    {
        Tone = tone;
        Voice = voice;
    }

    /// <summary>Per 20 ms window: the test tone is there.</summary>
    public bool[] Tone { get; }

    /// <summary>Per 20 ms window: something other than the tone is there (the assistant's voice).</summary>
    public bool[] Voice { get; }

    /// <summary>Splits each 20 ms window into the tone's part (a sine fit at <paramref name="toneHz"/>) and the rest.</summary>
    public static RecordingSignals Analyze(short[] samples, double toneHz)
    {
        var windows = samples.Length / WindowSamples;
        var tone = new bool[windows];
        var voice = new bool[windows];
        for (var w = 0; w < windows; w++)
        {
            double ss = 0, sc = 0, energy = 0;
            for (var i = 0; i < WindowSamples; i++)
            {
                var x = samples[w * WindowSamples + i] / 32768.0;
                var phase = 2 * Math.PI * toneHz * i / 24_000;
                ss += x * Math.Sin(phase);
                sc += x * Math.Cos(phase);
                energy += x * x;
            }
            // Tone frequency is a whole number of cycles per window: the fit is exact, the rest is what remains.
            var amplitude = 2 * Math.Sqrt(ss * ss + sc * sc) / WindowSamples;
            var rest = Math.Sqrt(Math.Max(0, energy / WindowSamples - amplitude * amplitude / 2));
            tone[w] = amplitude > 0.05;
            voice[w] = rest > 0.01;
        }
        // A window where the tone starts or stops is no pure sine: its rest is the edge, not a voice; so is the codec's
        // smearing next to it. Only windows 40 ms or more from the tone count as voice.
        for (var w = 0; w < windows; w++)
            for (var near = Math.Max(0, w - 2); near <= Math.Min(windows - 1, w + 2); near++)
                voice[w] &= !tone[near];
        return new RecordingSignals(tone, voice);
    }

    /// <summary>Start and end (ms) of the windows set in <paramref name="windows"/> within [fromMs, toMs); null when none.</summary>
    public static (double StartMs, double EndMs)? Span(bool[] windows, double fromMs = 0, double toMs = double.MaxValue)
    {
        int? first = null, last = null;
        for (var w = (int)(fromMs / WindowMs); w < windows.Length && w * WindowMs < toMs; w++)
        {
            if (!windows[w])
                continue;
            first ??= w;
            last = w;
        }
        return first is null ? null : (first.Value * WindowMs, (last!.Value + 1) * WindowMs);
    }
}
