using VoiceSite.Audio;

namespace VoiceSite.Simulator;

/// <summary>
/// Synthesizes speech-like audio for a text: per word a voiced tone with a pitch contour and harmonics,
/// short gaps between words and longer ones after sentences. The length follows the text (about 13
/// characters a second), the level is like speech (about -20 dBFS RMS while voiced), and the same text
/// always gives the same samples.
/// </summary>
public static class SpeechLikeAudio
{
    public const int MsPerCharacter = 60;
    public const int WordGapMs = 50;
    public const int SentenceGapMs = 220;

    public static byte[] Synthesize(string text, int sampleRate = Pcm16.SampleRate)
    {
        var samples = new List<float>(sampleRate * 4);
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        for (var w = 0; w < words.Length; w++)
        {
            var word = words[w];
            AppendWord(samples, word, StableHash(word) ^ w, sampleRate);
            var endsSentence = word[^1] is '.' or '!' or '?';
            AppendSilence(samples, endsSentence ? SentenceGapMs : WordGapMs, sampleRate);
        }
        return Pcm16.FromFloat(samples.ToArray());
    }

    /// <summary>Length in milliseconds of <see cref="Synthesize"/>'s output, without producing it.</summary>
    public static int DurationMs(string text)
    {
        var total = 0;
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            total += WordMs(word) + (word[^1] is '.' or '!' or '?' ? SentenceGapMs : WordGapMs);
        return total;
    }

    private static int WordMs(string word) => Math.Max(120, word.Length * MsPerCharacter);

    private static void AppendWord(List<float> samples, string word, int seed, int sampleRate)
    {
        var count = WordMs(word) * sampleRate / 1000;
        var basePitch = 120 + (uint)seed % 90;               // 120..209 Hz
        var glide = ((int)((uint)seed / 90 % 41) - 20) / 100.0; // -20%..+20% over the word
        var phase = 0.0;
        for (var i = 0; i < count; i++)
        {
            var t = (double)i / count;
            var pitch = basePitch * (1 + glide * t);
            phase += 2 * Math.PI * pitch / sampleRate;
            var envelope = Math.Min(1, Math.Min(t * 12, (1 - t) * 8)); // quick attack, softer release
            var voiced = Math.Sin(phase) + 0.5 * Math.Sin(2 * phase) + 0.25 * Math.Sin(3 * phase);
            samples.Add((float)(0.09 * envelope * voiced));
        }
    }

    private static void AppendSilence(List<float> samples, int ms, int sampleRate)
    {
        for (var i = ms * sampleRate / 1000; i > 0; i--)
            samples.Add(0f);
    }

    // string.GetHashCode is randomized per process; the audio must be the same in every run.
    private static int StableHash(string s)
    {
        unchecked
        {
            var h = (int)2166136261;
            foreach (var c in s)
                h = (h ^ c) * 16777619;
            return h & int.MaxValue;
        }
    }
}
