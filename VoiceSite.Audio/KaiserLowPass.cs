namespace VoiceSite.Audio;

/// <summary>Windowed-sinc low-pass FIR design with a Kaiser window.</summary>
internal static class KaiserLowPass
{
    /// <summary>
    /// An odd-length linear-phase low-pass: <c>sin(2 pi fc m) / (pi m)</c> for <c>m = k - (taps-1)/2</c>, times a Kaiser
    /// window whose beta gives about <paramref name="attenuationDb"/> of stopband attenuation (Kaiser's formula
    /// <c>beta = 0.1102 (A - 8.7)</c>). Gain about 1 at DC.
    /// </summary>
    /// <param name="cutoff">Cutoff (the -6 dB point, the middle of the transition band) in cycles per sample.</param>
    public static double[] Design(int taps, double cutoff, double attenuationDb)
    {
        if (taps % 2 == 0)
            throw new ArgumentException("Use an odd number of taps (a whole-sample delay).", nameof(taps));
        var delay = (taps - 1) / 2;
        var beta = 0.1102 * (attenuationDb - 8.7);
        var i0Beta = BesselI0(beta);
        var h = new double[taps];
        for (var k = 0; k < taps; k++)
        {
            var m = k - delay;
            var sinc = m == 0 ? 2 * cutoff : Math.Sin(2 * Math.PI * cutoff * m) / (Math.PI * m);
            var r = (double)m / delay;
            var window = BesselI0(beta * Math.Sqrt(Math.Max(0, 1 - r * r))) / i0Beta;
            h[k] = sinc * window;
        }
        return h;
    }

    /// <summary>Modified Bessel function of the first kind, order 0 (power series; fine for the betas used here).</summary>
    private static double BesselI0(double x)
    {
        double sum = 1, term = 1, half = x / 2;
        for (var k = 1; k < 50; k++)
        {
            term *= half / k;
            var t2 = term * term;
            sum += t2;
            if (t2 < sum * 1e-17)
                break;
        }
        return sum;
    }
}
