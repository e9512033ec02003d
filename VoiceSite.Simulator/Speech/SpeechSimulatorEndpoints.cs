using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace VoiceSite.Simulator.Speech;

public static class SpeechSimulatorEndpoints
{
    /// <summary>
    /// Maps the simulated Azure Speech REST services: speech-to-text at
    /// <c>{SpeechSttPath}/speech/recognition/conversation/cognitiveservices/v1</c>, text-to-speech at
    /// <c>{SpeechTtsPath}/cognitiveservices/v1</c> and the voice list at <c>{SpeechTtsPath}/cognitiveservices/voices/list</c>.
    /// Anonymous: they check <c>Ocp-Apim-Subscription-Key</c> themselves, like Azure.
    /// </summary>
    public static IEndpointRouteBuilder MapSpeechSimulator(this IEndpointRouteBuilder app)
    {
        app.MapPost(SimulatorEndpoints.SpeechSttPath + "/speech/recognition/conversation/cognitiveservices/v1", SttSimulator.HandleAsync)
            .AllowAnonymous();
        app.MapPost(SimulatorEndpoints.SpeechTtsPath + "/cognitiveservices/v1", TtsSimulator.SynthesizeAsync)
            .AllowAnonymous();
        app.MapGet(SimulatorEndpoints.SpeechTtsPath + "/cognitiveservices/voices/list", TtsSimulator.ListVoicesAsync)
            .AllowAnonymous();
        return app;
    }
}
