using System.Net;
using VoiceSite.Audio;
using VoiceSite.Tests.Infrastructure;
using VoiceSite.Tests.Pipeline;

namespace VoiceSite.Tests.Voice;

/// <summary>Voice samples for the start form: spoken by the configured services (here the simulator), once per voice.</summary>
public sealed class VoiceSampleTests(PipelineSiteFactory factory) : IClassFixture<PipelineSiteFactory>
{
    [Theory]
    [InlineData("realtime", "marin")]
    [InlineData("pipeline", "en-US-AvaMultilingualNeural")]
    public async Task A_sample_is_a_few_seconds_of_wav_and_the_second_request_is_served_from_memory(string mode, string voice)
    {
        factory.ResetSimulator();
        var (_, client) = await factory.CreateSignedInUserAsync();
        using (client)
        {
            using var first = await client.GetAsync($"/voices/sample?mode={mode}&voice={voice}");
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal("audio/wav", first.Content.Headers.ContentType?.MediaType);
            var wav = await first.Content.ReadAsByteArrayAsync();
            Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(wav, 0, 4));
            Assert.InRange(Pcm16.DurationMs(wav.Length - 44), 1000, 8000);

            // Served again without a new synthesis: the speech service is down now, and the sample still plays.
            factory.Simulator.Tts.Fault = VoiceSite.Simulator.SimulatorFault.Refuse;
            factory.Simulator.Realtime.Fault = VoiceSite.Simulator.SimulatorFault.Refuse;
            using var second = await client.GetAsync($"/voices/sample?mode={mode}&voice={voice}");
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
            Assert.Equal(wav, await second.Content.ReadAsByteArrayAsync());
        }
        factory.ResetSimulator();
    }

    [Theory]
    [InlineData("realtime", "robot")]
    [InlineData("pipeline", "en-US-NobodyNeural")]
    [InlineData("karaoke", "marin")]
    [InlineData("realtime", "")]
    public async Task An_unknown_voice_or_mode_is_not_found(string mode, string voice)
    {
        var (_, client) = await factory.CreateSignedInUserAsync();
        using (client)
        using (var response = await client.GetAsync($"/voices/sample?mode={mode}&voice={Uri.EscapeDataString(voice)}"))
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_service_that_cannot_speak_now_gives_a_plain_503_and_no_key()
    {
        factory.ResetSimulator();
        factory.Simulator.Tts.Fault = VoiceSite.Simulator.SimulatorFault.RejectKey;
        var (_, client) = await factory.CreateSignedInUserAsync();
        using (client)
        using (var response = await client.GetAsync("/voices/sample?mode=pipeline&voice=en-US-GuyNeural"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Contains("could not speak a sample", body, StringComparison.Ordinal);
            Assert.DoesNotContain(factory.Simulator.ApiKey, body, StringComparison.Ordinal);
        }
        factory.ResetSimulator();
    }

    [Fact]
    public async Task Samples_are_for_signed_in_people()
    {
        using var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = factory.ServerAddress });
        using var response = await client.GetAsync("/voices/sample?mode=realtime&voice=marin");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }
}
