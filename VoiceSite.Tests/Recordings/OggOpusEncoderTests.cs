using System.Buffers;
using VoiceSite.Recordings.Ogg;
using VoiceSite.Tests.Audio;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Recordings;

public sealed class OggOpusEncoderTests
{
    private static byte[] Encode(short[] samples, out OggOpusEncoder encoder, bool finish = true, int packetsPerPage = 50, int bitrate = 24_000)
    {
        encoder = new OggOpusEncoder(bitrate, 5, packetsPerPage, serial: 7);
        var output = new ArrayBufferWriter<byte>();
        encoder.WriteHeaders(output);
        var frame = new short[OggOpusEncoder.FrameSamples];
        for (var at = 0; at < samples.Length; at += frame.Length)
        {
            Array.Clear(frame);
            samples.AsSpan(at, Math.Min(frame.Length, samples.Length - at)).CopyTo(frame);
            encoder.EncodeFrame(frame);
            if (encoder.PageReady)
                encoder.WritePage(output);
        }
        if (finish)
            encoder.Finish(output, samples.Length);
        return output.WrittenSpan.ToArray();
    }

    private static short[] Samples(byte[] pcm) => Array.ConvertAll(VoiceSite.Audio.Pcm16.ToFloat(pcm), s => (short)Math.Round(s * 32767));

    [Fact]
    public void A_tone_comes_back_at_its_exact_length_and_frequency()
    {
        var tone = Samples(TestAudio.Tone(440, 3010));
        var file = Encode(tone, out var encoder);

        var decoded = OggOpusReader.Decode(file);
        Assert.True(decoded.Ended);
        Assert.Equal(tone.Length, decoded.Samples.Length);
        Assert.Equal(encoder.PreSkip, decoded.PreSkip);
        var middle = decoded.Samples[2400..^2400].Select(s => s / 32768.0).ToArray();
        Assert.Equal(440, SignalAnalysis.ZeroCrossingFrequency(middle, 24_000), 1.0);
        Assert.InRange(SignalAnalysis.Rms(middle), 0.3 / Math.Sqrt(2) * 0.8, 0.3 / Math.Sqrt(2) * 1.2);
    }

    [Fact]
    public void The_encoder_delay_is_skipped_so_sound_starts_where_it_started()
    {
        var input = Samples(TestAudio.Concat(new byte[24_000], TestAudio.Tone(440, 1000))); // 500 ms of nothing, then the tone
        var decoded = OggOpusReader.Decode(Encode(input, out var encoder));
        var onset = Array.FindIndex(decoded.Samples, s => Math.Abs(s) > 1000);
        // Without the pre-skip the tone would come 6.5 ms (156 samples) late.
        Assert.Equal(312, encoder.PreSkip);
        Assert.InRange(onset, 12_000 - 24, 12_000 + 24);
    }

    [Fact]
    public void Speech_rate_audio_takes_about_24_kbit_per_second()
    {
        var random = new Random(3);
        var minute = new short[24_000 * 60];
        for (var i = 0; i < minute.Length; i++)
        {
            var t = i / 24_000.0;
            minute[i] = (short)(6000 * Math.Sin(2 * Math.PI * (150 + 40 * Math.Sin(3 * t)) * t) * (0.6 + 0.4 * Math.Sin(7 * t)) + random.Next(-400, 400));
        }
        var file = Encode(minute, out _);
        // A 10-minute conversation must stay under 3 MB: 300 KB a minute at most, ~180 KB expected at 24 kbit/s.
        Assert.InRange(file.Length, 150_000, 240_000);
        Assert.Equal(minute.Length, OggOpusReader.Decode(file).Samples.Length);
    }

    [Fact]
    public void A_file_cut_anywhere_plays_up_to_its_last_whole_page()
    {
        var tone = Samples(TestAudio.Tone(300, 5000));
        var file = Encode(tone, out _, finish: false, packetsPerPage: 50);
        var whole = OggOpusReader.Decode(file);
        Assert.False(whole.Ended);
        Assert.Equal(2 + 5, whole.Pages); // headers, then a page a second

        var torn = OggOpusReader.Decode(file[..(file.Length - 100)]);
        Assert.Equal(whole.Pages - 1, torn.Pages);
        Assert.Equal(whole.Samples.Length - 24_000, torn.Samples.Length);
        Assert.Equal(whole.Samples[..torn.Samples.Length], torn.Samples);
    }

    [Fact]
    public void Large_packets_start_a_new_page_before_the_255_lacing_values_run_out()
    {
        var random = new Random(5);
        var noise = new short[24_000 * 6];
        for (var i = 0; i < noise.Length; i++)
            noise[i] = (short)random.Next(-12_000, 12_000);
        // 128 kbit/s packets take two lacing values each: 200 of them (4 s) would not fit one page.
        var file = Encode(noise, out _, packetsPerPage: 200, bitrate: 128_000);
        var decoded = OggOpusReader.Decode(file);
        Assert.Equal(noise.Length, decoded.Samples.Length);
        Assert.True(decoded.Pages > 2 + 2, $"{decoded.Pages} pages");
    }
}
