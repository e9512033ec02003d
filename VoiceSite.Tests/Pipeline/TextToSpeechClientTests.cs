using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using VoiceSite.Audio;
using VoiceSite.Simulator;
using VoiceSite.Voice.Pipeline;
using VoiceSite.Voice.Upstream;

namespace VoiceSite.Tests.Pipeline;

public sealed class TextToSpeechClientTests : IClassFixture<PipelineSiteFactory>
{
    private const string Voice = "en-US-JennyNeural";
    private const string Sentence = "Hello there, this is a simulated voice speaking one whole sentence.";
    private readonly PipelineSiteFactory _factory;

    public TextToSpeechClientTests(PipelineSiteFactory factory)
    {
        _factory = factory;
        factory.ResetSimulator();
    }

    [Fact]
    public async Task Audio_streams_in_sample_aligned_chunks_and_has_the_length_of_the_text()
    {
        _factory.Simulator.Tts.PaceFactor = 50;
        var tts = _factory.Client<TextToSpeechClient>();

        await using var speech = await tts.StartAsync(Sentence, Voice);
        var chunks = new List<ReadOnlyMemory<byte>>();
        await foreach (var chunk in speech.ReadAudioAsync())
            chunks.Add(chunk);

        var expectedBytes = Pcm16.BytesFor(TimeSpan.FromMilliseconds(SpeechLikeAudio.DurationMs(Sentence)));
        Assert.Equal(expectedBytes, chunks.Sum(c => c.Length));
        Assert.Equal(SpeechLikeAudio.Synthesize(Sentence), chunks.SelectMany(c => c.ToArray()).ToArray());
        Assert.True(chunks.Count > 1);
        Assert.All(chunks, c => Assert.Equal(0, c.Length % 2));
        Assert.NotNull(speech.TimeToFirstByte);
        Assert.True(speech.TimeToFirstByte >= speech.TimeToHeaders);
        Assert.Equal(expectedBytes, speech.BytesReceived);
    }

    [Fact]
    public async Task Chunks_are_forwarded_before_the_answer_is_complete()
    {
        // The simulator sends half the audio and then drops the connection: the body never completes, so whatever
        // arrives first was forwarded as it came.
        _factory.Simulator.Tts.Fault = SimulatorFault.DropMidResponse;
        _factory.Simulator.Tts.PaceFactor = 20; // paced, so the first half is read before the connection goes
        var tts = _factory.Client<TextToSpeechClient>();
        var received = 0;

        var error = await Assert.ThrowsAsync<UpstreamException>(async () =>
        {
            await foreach (var chunk in tts.SynthesizeAsync(Sentence, Voice))
                received += chunk.Length;
        });

        var total = SpeechLikeAudio.Synthesize(Sentence).Length;
        Assert.InRange(received, 1, total - 1);
        Assert.Equal(UpstreamFailure.Dropped, error.Failure);
        Assert.Equal(UpstreamServiceKind.TextToSpeech, error.Service);
    }

    [Fact]
    public async Task Cancelling_stops_the_audio_mid_stream()
    {
        _factory.Simulator.Tts.PaceFactor = 1; // real time: the whole sentence would take seconds
        var tts = _factory.Client<TextToSpeechClient>();
        using var cts = new CancellationTokenSource();
        var chunks = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in tts.SynthesizeAsync(Sentence, Voice, cancellationToken: cts.Token))
            {
                if (++chunks == 2)
                    await cts.CancelAsync();
            }
        });
        Assert.Equal(2, chunks);
    }

    [Fact]
    public async Task Text_is_escaped_into_the_ssml()
    {
        const string text = "Tom & Jerry <said> \"5 > 3\" isn't it?";
        var tts = _factory.Client<TextToSpeechClient>();
        var bytes = 0;
        await foreach (var chunk in tts.SynthesizeAsync(text, Voice))
            bytes += chunk.Length;
        Assert.Equal(SpeechLikeAudio.Synthesize(text).Length, bytes);
    }

    [Fact]
    public void Ssml_has_the_language_voice_and_escaped_text()
    {
        var ssml = Ssml.Build("a < b & c\u0001", "en-GB-SoniaNeural", "en-GB");
        Assert.Equal(
            "<speak version=\"1.0\" xmlns=\"http://www.w3.org/2001/10/synthesis\" xml:lang=\"en-GB\">" +
            "<voice name=\"en-GB-SoniaNeural\">a &lt; b &amp; c </voice></speak>", ssml);
        Assert.Equal("sr-Latn-RS", Ssml.LocaleOf("sr-Latn-RS-NicholasNeural"));
        Assert.Equal("en-US", Ssml.LocaleOf("en-US-Ava:DragonHDLatestNeural"));
        Assert.Null(Ssml.LocaleOf("nonsense"));
    }

    [Theory]
    [InlineData(SimulatorFault.RejectKey, UpstreamFailure.Unauthorized, 401)]
    [InlineData(SimulatorFault.RateLimit, UpstreamFailure.RateLimited, 429)]
    [InlineData(SimulatorFault.Refuse, UpstreamFailure.ServiceError, 503)]
    public async Task Service_faults_are_thrown_before_any_audio(SimulatorFault fault, UpstreamFailure failure, int status)
    {
        _factory.Simulator.Tts.Fault = fault;
        var tts = _factory.Client<TextToSpeechClient>();

        var error = await Assert.ThrowsAsync<UpstreamException>(() => tts.StartAsync(Sentence, Voice));

        Assert.Equal(failure, error.Failure);
        Assert.Equal(status, error.StatusCode);
        Assert.StartsWith("Text to speech: ", error.Message);
        Assert.DoesNotContain("simulator-key", error.ToString());
    }

    [Fact]
    public async Task An_unknown_voice_is_rejected()
    {
        var tts = _factory.Client<TextToSpeechClient>();
        var error = await Assert.ThrowsAsync<UpstreamException>(() => tts.StartAsync(Sentence, "Bob"));
        Assert.Equal(UpstreamFailure.Rejected, error.Failure);
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public async Task The_voice_list_is_parsed()
    {
        var voices = await _factory.Client<TextToSpeechClient>().GetVoicesAsync();
        var jenny = Assert.Single(voices, v => v.ShortName == "en-US-JennyNeural");
        Assert.Equal(new NeuralVoice("en-US-JennyNeural", "Jenny", "en-US", "Female", "English (United States)"), jenny);
        Assert.Equal(5, voices.Count);
    }

    [Fact]
    public async Task The_neural_voice_list_is_the_fixed_list_while_text_to_speech_is_simulated()
    {
        _factory.Simulator.Tts.Fault = SimulatorFault.Refuse; // would fail if the service were asked
        var voices = await _factory.Client<INeuralVoiceList>().GetVoicesAsync();
        Assert.Same(NeuralVoiceList.Fallback, voices);
        Assert.Contains(voices, v => v.ShortName == NeuralVoiceList.DefaultVoice);
    }

    [Fact]
    public async Task The_neural_voice_list_of_a_configured_service_is_fetched_once_and_cached()
    {
        var simulated = _factory.Client<IUpstreamDirectory>().TextToSpeech!;
        var list = VoiceListFor(simulated with { Simulated = false });

        var first = await list.GetVoicesAsync();
        _factory.Simulator.Tts.Fault = SimulatorFault.Refuse; // a second fetch would fail
        var second = await list.GetVoicesAsync();

        Assert.Equal(5, first.Count);
        Assert.Same(first, second);
    }

    [Fact]
    public async Task The_neural_voice_list_falls_back_when_the_service_fails()
    {
        _factory.Simulator.Tts.Fault = SimulatorFault.RejectKey;
        var simulated = _factory.Client<IUpstreamDirectory>().TextToSpeech!;
        var voices = await VoiceListFor(simulated with { Simulated = false }).GetVoicesAsync();
        Assert.Same(NeuralVoiceList.Fallback, voices);
    }

    /// <summary>A voice list whose text-to-speech client talks to <paramref name="tts"/>.</summary>
    private NeuralVoiceList VoiceListFor(UpstreamService tts)
    {
        var upstreams = new FixedUpstreams(tts: tts);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IUpstreamDirectory>(upstreams);
        services.AddSingleton(Options.Create(new SpeechOptions()));
        services.AddPipelineClients();
        var provider = services.BuildServiceProvider();
        return new NeuralVoiceList(upstreams, provider.GetRequiredService<IServiceScopeFactory>(), TimeProvider.System,
            NullLogger<NeuralVoiceList>.Instance);
    }
}
