using VoiceSite.Audio;

namespace VoiceSite.Tests.Audio;

/// <summary>Measurements on PCM16 signals for the DSP tests.</summary>
internal static class SignalAnalysis
{
    /// <summary>Samples as doubles in [-1, 1), skipping <paramref name="skip"/> samples at each end (filter edges).</summary>
    public static double[] Samples(byte[] pcm, int skip = 0)
    {
        var all = Pcm16.ToFloat(pcm);
        return all[skip..(all.Length - skip)].Select(s => (double)s).ToArray();
    }

    public static double Rms(IReadOnlyList<double> x) => Math.Sqrt(x.Sum(v => v * v) / x.Count);

    /// <summary>
    /// Least-squares fit of a sinusoid of known frequency (<c>a sin + b cos</c>, <paramref name="firstIndex"/> being the
    /// sample index of x[0]); returns its amplitude, phase and the RMS of what is left.
    /// </summary>
    public static (double Amplitude, double Phase, double ResidualRms) FitSine(IReadOnlyList<double> x, double frequency, int sampleRate, int firstIndex = 0)
    {
        double ss = 0, cc = 0, sc = 0, xs = 0, xc = 0;
        for (var i = 0; i < x.Count; i++)
        {
            var w = 2 * Math.PI * frequency * (i + firstIndex) / sampleRate;
            var s = Math.Sin(w);
            var c = Math.Cos(w);
            ss += s * s; cc += c * c; sc += s * c; xs += x[i] * s; xc += x[i] * c;
        }
        var det = ss * cc - sc * sc;
        var a = (xs * cc - xc * sc) / det;
        var b = (xc * ss - xs * sc) / det;
        double residual = 0;
        for (var i = 0; i < x.Count; i++)
        {
            var w = 2 * Math.PI * frequency * (i + firstIndex) / sampleRate;
            var r = x[i] - a * Math.Sin(w) - b * Math.Cos(w);
            residual += r * r;
        }
        return (Math.Sqrt(a * a + b * b), Math.Atan2(b, a), Math.Sqrt(residual / x.Count));
    }

    /// <summary>Frequency estimated from the rising zero crossings (interpolated), in Hz.</summary>
    public static double ZeroCrossingFrequency(IReadOnlyList<double> x, int sampleRate)
    {
        double? first = null, last = null;
        var count = 0;
        for (var i = 1; i < x.Count; i++)
        {
            if (x[i - 1] < 0 && x[i] >= 0)
            {
                var t = i - 1 + x[i - 1] / (x[i - 1] - x[i]);
                first ??= t;
                last = t;
                count++;
            }
        }
        if (count < 2)
            return 0;
        return (count - 1) / ((last!.Value - first!.Value) / sampleRate);
    }

    public static double Db(double ratio) => 20 * Math.Log10(Math.Max(ratio, 1e-12));
}
