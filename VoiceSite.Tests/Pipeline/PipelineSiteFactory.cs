using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VoiceSite.Simulator;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Pipeline;

/// <summary>The site on a real socket with the built-in simulator standing in for Azure's speech and chat services.</summary>
public class PipelineSiteFactory : KestrelVoiceSiteFactory
{
    /// <summary>The simulator's live options (read per request): set faults, latency and pacing on it.</summary>
    public SimulatorOptions Simulator
    {
        get
        {
            _ = ServerAddress;
            return Services.GetRequiredService<IOptionsMonitor<SimulatorOptions>>().CurrentValue;
        }
    }

    /// <summary>Puts the speech and chat simulators back to no faults and no pacing (fast tests), the realtime one to its defaults.</summary>
    public void ResetSimulator()
    {
        var simulator = Simulator;
        simulator.ApiKey = "simulator-key";
        simulator.Stt = new SpeechToTextSimulatorOptions();
        simulator.Tts = new TextToSpeechSimulatorOptions { PaceFactor = 0 };
        simulator.Chat = new ChatSimulatorOptions { WordDelayMs = 0 };
        simulator.Realtime = new RealtimeSimulatorOptions();
    }

    /// <summary>A client as the app would get it (typed HttpClient, the real upstream directory).</summary>
    public T Client<T>() where T : notnull
    {
        _ = ServerAddress;
        return Services.GetRequiredService<T>();
    }
}
