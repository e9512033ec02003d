using VoiceSite.Audio;
using VoiceSite.Simulator;
using VoiceSite.Tests.Infrastructure;
using Xunit.Abstractions;
using static VoiceSite.Tests.Audio.SignalAnalysis;

namespace VoiceSite.Tests.Audio;

public sealed class Resampler24To16Tests(ITestOutputHelper output)
{
    private const int Edge = 200; // output samples ignored at each end (filter start-up and tail)

    [Theory]
    [InlineData(100)]
    [InlineData(440)]
    [InlineData(1000)]
    [InlineData(3000)]
    [InlineData(6000)]
    public void A_tone_keeps_its_frequency_level_and_timing(double frequency)
    {
        var resampled = Resampler24To16.ResampleAll(TestAudio.Tone(frequency, 1000, amplitude: 0.5));
        var x = Samples(resampled, Edge);

        var (amplitude, phase, residual) = FitSine(x, frequency, Resampler24To16.OutputRate, firstIndex: Edge);
        var zeroCrossings = ZeroCrossingFrequency(x, Resampler24To16.OutputRate);
        output.WriteLine($"{frequency} Hz: gain {Db(amplitude / 0.5):0.0000} dB, phase {phase:0.0000} rad, residual {Db(residual / (0.5 / Math.Sqrt(2))):0.0} dB, zero crossings {zeroCrossings:0.00} Hz");

        Assert.InRange(zeroCrossings, frequency * 0.999, frequency * 1.001);
        Assert.InRange(Db(amplitude / 0.5), -0.1, 0.1);
        // What is left after removing the tone is noise far below it: no other frequencies appeared.
        Assert.True(Db(residual / (0.5 / Math.Sqrt(2))) < -60, "residual too high");
        // The input was sin(2 pi f t) from t = 0; with the group delay compensated the output is the same sine, not a delayed one.
        Assert.InRange(phase, -0.01, 0.01);
    }

    [Theory]
    [InlineData(8500)]
    [InlineData(9000)]
    [InlineData(10000)]
    [InlineData(11000)]
    [InlineData(11900)]
    public void Tones_above_8kHz_are_removed_instead_of_aliasing(double frequency)
    {
        var input = TestAudio.Tone(frequency, 1000, amplitude: 0.5);
        var resampled = Resampler24To16.ResampleAll(input);
        var inputRms = Rms(Samples(input));
        var x = Samples(resampled, Edge);
        var alias = Resampler24To16.OutputRate - frequency; // where it would fold to
        var (aliasAmplitude, _, _) = FitSine(x, alias, Resampler24To16.OutputRate);

        var attenuation = Db(Rms(x) / inputRms);
        output.WriteLine($"{frequency} Hz: total output {attenuation:0.0} dB, at the alias {alias} Hz {Db(aliasAmplitude / 0.5):0.0} dB");
        Assert.True(attenuation <= -60, $"only {attenuation:0.0} dB");
        Assert.True(Db(aliasAmplitude / 0.5) <= -60);
    }

    [Fact]
    public void Passband_is_flat_to_6500_Hz()
    {
        double min = double.MaxValue, max = double.MinValue;
        for (var frequency = 50; frequency <= 7000; frequency += 50)
        {
            var x = Samples(Resampler24To16.ResampleAll(TestAudio.Tone(frequency, 500, amplitude: 0.5)), Edge);
            var gain = Db(FitSine(x, frequency, Resampler24To16.OutputRate, Edge).Amplitude / 0.5);
            if (frequency <= 6500)
            {
                min = Math.Min(min, gain);
                max = Math.Max(max, gain);
            }
            if (frequency % 1000 == 0 || frequency == 6500)
                output.WriteLine($"{frequency} Hz: {gain:0.0000} dB");
        }
        output.WriteLine($"50..6500 Hz: {min:0.0000} .. {max:0.0000} dB");
        Assert.InRange(min, -0.1, 0.1);
        Assert.InRange(max, -0.1, 0.1);
    }

    [Fact]
    public void Filter_response_stopband_and_passband_from_the_coefficients()
    {
        var worstStop = double.MinValue;
        for (var f = Resampler24To16.StopbandEdgeHz; f <= 24_000; f += 10)
            worstStop = Math.Max(worstStop, Resampler24To16.ResponseDb(f));
        double lo = double.MaxValue, hi = double.MinValue;
        for (var f = 0.0; f <= 6500; f += 10)
        {
            lo = Math.Min(lo, Resampler24To16.ResponseDb(f));
            hi = Math.Max(hi, Resampler24To16.ResponseDb(f));
        }
        foreach (var f in new[] { 6500.0, 7000, 7500, 8000, 8500, 9000, 10000, 11000, 12000 })
            output.WriteLine($"{f} Hz: {Resampler24To16.ResponseDb(f):0.00} dB");
        output.WriteLine($"stopband (>= 8 kHz) worst: {worstStop:0.0} dB; passband 0..6.5 kHz: {lo:0.0000} .. {hi:0.0000} dB");

        Assert.True(worstStop < -75, $"stopband only {worstStop:0.0} dB");
        Assert.InRange(lo, -0.01, 0.01);
        Assert.InRange(hi, -0.01, 0.01);
    }

    [Fact]
    public void Output_is_identical_however_the_input_is_chunked()
    {
        var input = TestAudio.Concat(
            SpeechLikeAudio.Synthesize("Chunking must not change a single sample of the result."),
            TestAudio.Tone(9500, 300), TestAudio.Silence(200));
        var whole = Resampler24To16.ResampleAll(input);

        foreach (var seed in new[] { 1, 2, 3 })
        {
            var random = new Random(seed);
            var resampler = new Resampler24To16();
            var pieces = new List<byte>();
            for (var offset = 0; offset < input.Length;)
            {
                var size = Math.Min(input.Length - offset, random.Next(0, 3000)); // odd sizes and empty chunks too
                pieces.AddRange(resampler.Process(input.AsSpan(offset, size)));
                offset += size;
            }
            pieces.AddRange(resampler.Flush());
            Assert.Equal(whole, pieces.ToArray());
        }
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(4, 3)]
    [InlineData(24_000, 16_000)]
    [InlineData(24_001, 16_001)]
    public void Output_length_is_two_thirds_of_the_input_rounded_up(int inputSamples, int outputSamples)
    {
        var resampled = Resampler24To16.ResampleAll(new byte[inputSamples * 2]);
        Assert.Equal(outputSamples * 2, resampled.Length);
    }

    [Fact]
    public void Process_holds_back_only_the_lookahead_until_flush()
    {
        var resampler = new Resampler24To16();
        var first = resampler.Process(new byte[2400 * 2]); // 100 ms
        Assert.Equal((2400 - Resampler24To16.LookaheadInputSamples) * 2 / 3, first.Length / 2, tolerance: 1);
        var rest = resampler.Flush();
        Assert.Equal(1600, (first.Length + rest.Length) / 2);
        Assert.Throws<InvalidOperationException>(() => resampler.Process(new byte[2]));
        resampler.Reset();
        Assert.Equal(first, resampler.Process(new byte[2400 * 2]));
    }

    [Fact]
    public void Constant_levels_pass_unchanged_and_full_scale_does_not_wrap()
    {
        foreach (short level in new short[] { 0, 16384, -16384, short.MaxValue, short.MinValue })
        {
            var input = new byte[4800 * 2];
            for (var i = 0; i < 4800; i++)
                BitConverter.TryWriteBytes(input.AsSpan(i * 2), level);
            var x = Pcm16.ToFloat(Resampler24To16.ResampleAll(input));
            foreach (var s in x[Edge..^Edge])
                Assert.InRange(s * 32768, level - 1, level + 1);
        }

        // A full-scale square wave makes the filter overshoot: it must clip, not wrap around.
        var square = new float[24_000];
        for (var i = 0; i < square.Length; i++)
            square[i] = (i / 12 % 2 == 0) ? 1f : -1f;
        var squareOut = Pcm16.ToFloat(Resampler24To16.ResampleAll(Pcm16.FromFloat(square)));
        Assert.Contains(squareOut, s => s >= 32767 / 32768f);
        Assert.Contains(squareOut, s => s <= -1f);
        for (var i = Edge; i < squareOut.Length - Edge; i++)
        {
            var t = 1.5 * i;                          // input sample time of this output
            var fromTransition = Math.Abs(t - Math.Round(t / 12) * 12);
            if (fromTransition < 1.5)
                continue;                             // crossing zero there
            var expected = (int)(t / 12) % 2 == 0 ? 1 : -1;
            Assert.True(squareOut[i] * expected > 0.5, $"sample {i} is {squareOut[i]}, expected sign {expected}");
        }
    }
}
