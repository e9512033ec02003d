using VoiceSite.Audio;
using VoiceSite.Simulator;
using VoiceSite.Tests.Infrastructure;
using VoiceSite.Voice.Pipeline;
using VoiceSite.Voice.Upstream;

namespace VoiceSite.Tests.Pipeline;

public sealed class SpeechToTextClientTests : IClassFixture<PipelineSiteFactory>
{
    private readonly PipelineSiteFactory _factory;

    public SpeechToTextClientTests(PipelineSiteFactory factory)
    {
        _factory = factory;
        factory.ResetSimulator();
    }

    /// <summary>Pushes audio in 40 ms chunks, yielding between them like audio arriving from the browser.</summary>
    private static async Task SpeakAsync(SpeechRecognition recognition, byte[] audio)
    {
        foreach (var chunk in TestAudio.Chunks(audio, 40))
        {
            await recognition.PushAsync(chunk);
            await Task.Delay(1);
        }
    }

    [Fact]
    public async Task Speech_uploaded_while_speaking_is_recognized_with_its_length()
    {
        var stt = _factory.Client<SpeechToTextClient>();
        await using var recognition = await stt.StartAsync();
        await SpeakAsync(recognition, TestAudio.Concat(TestAudio.Silence(300), TestAudio.Tone(440, 1500), TestAudio.Silence(700)));

        var result = await recognition.CompleteAsync();

        Assert.Equal(RecognitionStatus.Success, result.Status);
        Assert.True(result.HasSpeech);
        Assert.Equal("(1.5 s of speech)", result.Text);
        Assert.InRange(result.Offset.TotalMilliseconds, 280, 320);
        Assert.InRange(result.Duration.TotalMilliseconds, 1480, 1520);
        Assert.Equal(0.93, result.Confidence);
        Assert.Equal(2500, result.AudioDuration.TotalMilliseconds, precision: 0);
        Assert.True(result.Latency > TimeSpan.Zero);
    }

    [Fact]
    public async Task Audio_goes_upstream_before_the_recognition_is_completed()
    {
        // The simulator drops the connection once it has received 0.5 s of audio. The client can only notice that
        // before CompleteAsync if the audio was really sent while it was being pushed.
        _factory.Simulator.Stt.Fault = SimulatorFault.DropMidResponse;
        var stt = _factory.Client<SpeechToTextClient>();
        await using var recognition = await stt.StartAsync();
        await SpeakAsync(recognition, TestAudio.Tone(300, 1000));

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!recognition.HasFailed)
            await Task.Delay(10, patience.Token);

        await recognition.PushAsync(TestAudio.Tone(300, 100)); // ignored, no throw: the error comes from CompleteAsync
        var error = await Assert.ThrowsAsync<UpstreamException>(() => recognition.CompleteAsync());
        Assert.Equal(UpstreamServiceKind.SpeechToText, error.Service);
        Assert.Equal(UpstreamFailure.Dropped, error.Failure);
        Assert.Null(error.StatusCode);
    }

    [Fact]
    public async Task Silence_is_no_match_and_gives_no_turn()
    {
        var stt = _factory.Client<SpeechToTextClient>();
        var result = await stt.RecognizeAsync(TestAudio.Silence(2000));
        Assert.Equal(RecognitionStatus.NoMatch, result.Status);
        Assert.False(result.HasSpeech);
        Assert.Equal("", result.Text);
    }

    [Fact]
    public async Task Long_silence_is_an_initial_silence_timeout()
    {
        var stt = _factory.Client<SpeechToTextClient>();
        var result = await stt.RecognizeAsync(TestAudio.Silence(6000));
        Assert.Equal(RecognitionStatus.InitialSilenceTimeout, result.Status);
        Assert.False(result.HasSpeech);
    }

    [Theory]
    [InlineData(SimulatorFault.RejectKey, UpstreamFailure.Unauthorized, 401)]
    [InlineData(SimulatorFault.RateLimit, UpstreamFailure.RateLimited, 429)]
    [InlineData(SimulatorFault.Refuse, UpstreamFailure.ServiceError, 503)]
    public async Task Service_faults_become_upstream_exceptions_with_status(SimulatorFault fault, UpstreamFailure failure, int status)
    {
        _factory.Simulator.Stt.Fault = fault;
        var stt = _factory.Client<SpeechToTextClient>();
        await using var recognition = await stt.StartAsync();
        await SpeakAsync(recognition, TestAudio.Tone(300, 400));

        var error = await Assert.ThrowsAsync<UpstreamException>(() => recognition.CompleteAsync());

        Assert.Equal(failure, error.Failure);
        Assert.Equal(status, error.StatusCode);
        Assert.StartsWith("Speech to text: ", error.Message);
        Assert.Contains($"HTTP {status}", error.Message);
        Assert.DoesNotContain("simulator-key", error.Message);
        if (fault == SimulatorFault.RateLimit)
            Assert.Equal(TimeSpan.FromSeconds(1), error.RetryAfter);
    }

    [Fact]
    public async Task A_wrong_key_is_refused_and_the_message_does_not_contain_it()
    {
        _factory.Simulator.ApiKey = "a-different-key";
        var stt = _factory.Client<SpeechToTextClient>();

        var error = await Assert.ThrowsAsync<UpstreamException>(() => stt.RecognizeAsync(TestAudio.Tone(300, 300)));

        Assert.Equal(UpstreamFailure.Unauthorized, error.Failure);
        Assert.Equal(401, error.StatusCode);
        Assert.Equal("upstream_unauthorized", error.ErrorCode);
        Assert.DoesNotContain("simulator-key", error.ToString());
        Assert.DoesNotContain("a-different-key", error.ToString());
    }

    [Fact]
    public async Task A_service_that_cannot_be_reached_is_reported_as_unreachable()
    {
        var stt = new SpeechToTextClient(new HttpClient(), new FixedUpstreams(stt: new(ClosedPort(), "secret-key-123", false)),
            Microsoft.Extensions.Options.Options.Create(new SpeechOptions()), TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SpeechToTextClient>.Instance);

        var error = await Assert.ThrowsAsync<UpstreamException>(() => stt.RecognizeAsync(TestAudio.Tone(300, 300)));

        Assert.Equal(UpstreamFailure.Unreachable, error.Failure);
        Assert.Null(error.StatusCode);
        Assert.DoesNotContain("secret-key-123", error.ToString());
    }

    [Fact]
    public async Task More_than_59_seconds_of_audio_is_refused_by_the_client()
    {
        var stt = _factory.Client<SpeechToTextClient>();
        await using var recognition = await stt.StartAsync();
        var second = TestAudio.Silence(1000);
        for (var i = 0; i < 59; i++)
            await recognition.PushAsync(second);
        Assert.Equal(TimeSpan.Zero, recognition.RemainingAudio);

        await Assert.ThrowsAsync<InvalidOperationException>(() => recognition.PushAsync(new byte[2]).AsTask());
        var result = await recognition.CompleteAsync(); // what was accepted is still recognized
        Assert.Equal(RecognitionStatus.InitialSilenceTimeout, result.Status);
    }

    [Fact]
    public async Task An_aborted_recognition_gives_no_result()
    {
        var stt = _factory.Client<SpeechToTextClient>();
        var recognition = await stt.StartAsync();
        await SpeakAsync(recognition, TestAudio.Tone(300, 200));
        recognition.Abort();
        recognition.Abort();
        await recognition.PushAsync(TestAudio.Tone(300, 40)); // ignored
        await Assert.ThrowsAsync<InvalidOperationException>(() => recognition.CompleteAsync());
        await recognition.DisposeAsync();
    }

    [Fact]
    public async Task Odd_length_audio_is_refused()
    {
        var stt = _factory.Client<SpeechToTextClient>();
        await using var recognition = await stt.StartAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => recognition.PushAsync(new byte[3]).AsTask());
    }

    internal static Uri ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }
}

/// <summary>An upstream directory with fixed entries, for clients pointed somewhere on purpose.</summary>
internal sealed class FixedUpstreams(UpstreamService? stt = null, UpstreamService? tts = null, UpstreamService? chat = null) : IUpstreamDirectory
{
    public UpstreamService? Realtime => null;
    public UpstreamService? Chat => chat;
    public UpstreamService? SpeechToText => stt;
    public UpstreamService? TextToSpeech => tts;
}
