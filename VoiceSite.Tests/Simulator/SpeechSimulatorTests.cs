using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using VoiceSite.Audio;
using VoiceSite.Simulator;
using VoiceSite.Tests.Infrastructure;
using VoiceSite.Tests.Pipeline;

namespace VoiceSite.Tests.Simulator;

/// <summary>The simulated Azure Speech REST services at the wire: what a client that gets things wrong sees.</summary>
public sealed class SpeechSimulatorTests : IClassFixture<PipelineSiteFactory>
{
    private const string SttPath = SimulatorEndpoints.SpeechSttPath + "/speech/recognition/conversation/cognitiveservices/v1";
    private const string TtsPath = SimulatorEndpoints.SpeechTtsPath + "/cognitiveservices/v1";
    private readonly PipelineSiteFactory _factory;
    private readonly HttpClient _http;

    public SpeechSimulatorTests(PipelineSiteFactory factory)
    {
        _factory = factory;
        factory.ResetSimulator();
        _http = new HttpClient { BaseAddress = factory.ServerAddress };
    }

    private static byte[] Wav16k(byte[] pcm16k, int sampleRate = 16_000, int channels = 1) =>
        [.. WavHeader.Create(sampleRate, pcm16k.Length, channels), .. pcm16k];

    private async Task<HttpResponseMessage> PostSttAsync(byte[] body, string query = "?language=en-US&format=detailed",
        string contentType = "audio/wav; codecs=audio/pcm; samplerate=16000", string? key = "simulator-key")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, SttPath + query) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        if (key is not null)
            request.Headers.Add("Ocp-Apim-Subscription-Key", key);
        return await _http.SendAsync(request);
    }

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Stt_answers_a_whole_wav_in_the_detailed_format()
    {
        var pcm = Resampler24To16.ResampleAll(TestAudio.Concat(TestAudio.Silence(500), TestAudio.Tone(300, 2000), TestAudio.Silence(500)));
        using var response = await PostSttAsync(Wav16k(pcm));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await JsonOf(response);
        Assert.Equal("Success", json.GetProperty("RecognitionStatus").GetString());
        Assert.Equal("(2.0 s of speech)", json.GetProperty("DisplayText").GetString());
        Assert.InRange(json.GetProperty("Offset").GetInt64(), 4_800_000, 5_200_000);     // 0.5 s in 100 ns ticks
        Assert.InRange(json.GetProperty("Duration").GetInt64(), 19_800_000, 20_200_000);
        var best = json.GetProperty("NBest")[0];
        Assert.Equal("(2.0 s of speech)", best.GetProperty("Display").GetString());
        Assert.Equal("2.0 s of speech", best.GetProperty("Lexical").GetString());
        Assert.True(best.GetProperty("Confidence").GetDouble() > 0.5);
    }

    [Fact]
    public async Task Stt_simple_format_has_no_alternatives()
    {
        var pcm = Resampler24To16.ResampleAll(TestAudio.Tone(300, 1000));
        using var response = await PostSttAsync(Wav16k(pcm), query: "?language=en-US");
        var json = await JsonOf(response);
        Assert.Equal("Success", json.GetProperty("RecognitionStatus").GetString());
        Assert.False(json.TryGetProperty("NBest", out _));
    }

    [Theory]
    [InlineData("audio/ogg; codecs=opus")]
    [InlineData("audio/wav; codecs=audio/pcm; samplerate=24000")]
    public async Task Stt_refuses_other_content_types(string contentType)
    {
        using var response = await PostSttAsync(Wav16k(new byte[3200]), contentType: contentType);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Stt_refuses_audio_that_is_not_16kHz_mono_pcm()
    {
        using var rate = await PostSttAsync(Wav16k(new byte[4800], sampleRate: 24_000));
        using var stereo = await PostSttAsync(Wav16k(new byte[3200], channels: 2));
        using var junk = await PostSttAsync(Encoding.ASCII.GetBytes("this is not a wav file at all, not even close to it"));
        Assert.Equal(HttpStatusCode.BadRequest, rate.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, stereo.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, junk.StatusCode);
        Assert.Contains("16 kHz", (await JsonOf(rate)).GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Stt_needs_a_language_and_the_key()
    {
        using var noLanguage = await PostSttAsync(Wav16k(new byte[3200]), query: "?format=detailed");
        using var noKey = await PostSttAsync(Wav16k(new byte[3200]), key: null);
        using var wrongKey = await PostSttAsync(Wav16k(new byte[3200]), key: "nope");
        Assert.Equal(HttpStatusCode.BadRequest, noLanguage.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal("401", (await JsonOf(wrongKey)).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Stt_refuses_more_than_60_seconds_of_audio()
    {
        using var response = await PostSttAsync(Wav16k(new byte[61 * 16_000 * 2]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("60 seconds", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Stt_honours_latency_before_answering()
    {
        _factory.Simulator.Stt.LatencyMs = 50;
        using var response = await PostSttAsync(Wav16k(new byte[3200]));
        Assert.Equal("NoMatch", (await JsonOf(response)).GetProperty("RecognitionStatus").GetString());
    }

    private HttpRequestMessage TtsRequest(string ssml, string format = "raw-24khz-16bit-mono-pcm", string contentType = "application/ssml+xml")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, TtsPath) { Content = new StringContent(ssml, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        request.Headers.Add("Ocp-Apim-Subscription-Key", "simulator-key");
        request.Headers.Add("X-Microsoft-OutputFormat", format);
        request.Headers.UserAgent.ParseAdd("VoiceSite-tests");
        return request;
    }

    private static string Speak(string text, string voice = "en-US-JennyNeural") =>
        $"<speak version='1.0' xmlns='http://www.w3.org/2001/10/synthesis' xml:lang='en-US'><voice name='{voice}'>{text}</voice></speak>";

    [Fact]
    public async Task Tts_answers_raw_or_riff_pcm_of_the_text()
    {
        using var raw = await _http.SendAsync(TtsRequest(Speak("Good morning to you.")));
        using var riff = await _http.SendAsync(TtsRequest(Speak("Good morning to you."), format: "riff-16khz-16bit-mono-pcm"));

        Assert.Equal(SpeechLikeAudio.Synthesize("Good morning to you."), await raw.Content.ReadAsByteArrayAsync());
        var wav = await riff.Content.ReadAsByteArrayAsync();
        Assert.Equal(WavParseResult.Ok, WavHeader.TryParse(wav, out var format, out var headerLength));
        Assert.True(format.IsPcm16Mono(16_000));
        Assert.Equal(SpeechLikeAudio.Synthesize("Good morning to you.", 16_000), wav[headerLength..]);
    }

    [Theory]
    [InlineData("<speak><voice name='en-US-JennyNeural'>no version</voice></speak>")]
    [InlineData("<speak version='1.0' xml:lang='en-US'>no voice</speak>")]
    [InlineData("<speak version='1.0' xml:lang='en-US'><voice name='Jenny'>bad voice name</voice></speak>")]
    [InlineData("<speak version='1.0' xml:lang='en-US'><voice name='en-US-JennyNeural'>unclosed</speak>")]
    [InlineData("<speak version='1.0' xml:lang='en-US'><voice name='en-US-JennyNeural'>  </voice></speak>")]
    public async Task Tts_refuses_invalid_ssml(string ssml)
    {
        using var response = await _http.SendAsync(TtsRequest(ssml));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Tts_checks_the_output_format_and_content_type()
    {
        using var mp3 = await _http.SendAsync(TtsRequest(Speak("Hello."), format: "audio-24khz-48kbitrate-mono-mp3"));
        using var plain = await _http.SendAsync(TtsRequest(Speak("Hello."), contentType: "text/plain"));
        Assert.Equal(HttpStatusCode.BadRequest, mp3.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
    }

    [Fact]
    public async Task Voice_list_needs_the_key_and_has_the_azure_shape()
    {
        using var anonymous = await _http.GetAsync(SimulatorEndpoints.SpeechTtsPath + "/cognitiveservices/voices/list");
        var request = new HttpRequestMessage(HttpMethod.Get, SimulatorEndpoints.SpeechTtsPath + "/cognitiveservices/voices/list");
        request.Headers.Add("Ocp-Apim-Subscription-Key", "simulator-key");
        using var list = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var first = (await JsonOf(list))[0];
        foreach (var field in new[] { "Name", "DisplayName", "LocalName", "ShortName", "Gender", "Locale", "LocaleName", "VoiceType", "Status" })
            Assert.Equal(JsonValueKind.String, first.GetProperty(field).ValueKind);
    }
}
