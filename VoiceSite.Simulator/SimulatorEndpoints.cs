using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using VoiceSite.Simulator.Chat;
using VoiceSite.Simulator.Realtime;
using VoiceSite.Simulator.Speech;

namespace VoiceSite.Simulator;

/// <summary>Where the simulated services live on the site's own host.</summary>
public static class SimulatorEndpoints
{
    /// <summary>Azure OpenAI resource stand-in: realtime at <c>{this}/v1/realtime</c>, chat completions below it.</summary>
    public const string OpenAIPath = "/simulator/openai";

    /// <summary>Stand-in for <c>{region}.stt.speech.microsoft.com</c>.</summary>
    public const string SpeechSttPath = "/simulator/speech/stt";

    /// <summary>Stand-in for <c>{region}.tts.speech.microsoft.com</c>.</summary>
    public const string SpeechTtsPath = "/simulator/speech/tts";

    public static IServiceCollection AddVoiceSimulator(this IServiceCollection services)
    {
        services.AddOptions<SimulatorOptions>().BindConfiguration(SimulatorOptions.Section);
        services.AddSingleton<SimulatorJournal>();
        return services;
    }

    public static IEndpointRouteBuilder MapVoiceSimulator(this IEndpointRouteBuilder app)
    {
        // Each simulated service maps its own endpoints here (anonymous: they check the api key themselves).
        app.MapRealtimeSimulator();
        app.MapChatSimulator();
        app.MapSpeechSimulator();
        return app;
    }
}
