using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using VoiceSite.Data.Entities;
using VoiceSite.Simulator;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Hosting;

/// <summary>
/// A separate host on its own port answering like Azure (the simulator's endpoints, with a key of its own): for the
/// site it is just a configured service, reached through the settings like the real one.
/// </summary>
public sealed class AzureStandIn : IAsyncDisposable
{
    public const string Key = "stand-in-azure-key";

    private readonly WebApplication _app;

    private AzureStandIn(WebApplication app, Uri address) => (_app, Address) = (app, address);

    public Uri Address { get; }

    public SimulatorJournal Journal => _app.Services.GetRequiredService<SimulatorJournal>();

    public static async Task<AzureStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["Simulator:ApiKey"] = Key;
        builder.Services.AddVoiceSimulator();
        var app = builder.Build();
        app.UseWebSockets();
        app.MapVoiceSimulator();
        await app.StartAsync();
        return new AzureStandIn(app, new Uri(app.Urls.First()));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>The site with every service configured (pointing at <see cref="AzureStandIn"/>) and the simulator off.</summary>
public sealed class ConfiguredSiteFactory : KestrelVoiceSiteFactory
{
    public AzureStandIn Azure { get; } = AzureStandIn.StartAsync().GetAwaiter().GetResult();

    public ConfiguredSiteFactory()
    {
        var openAI = new Uri(Azure.Address, SimulatorEndpoints.OpenAIPath).ToString();
        Settings["Simulator:Enabled"] = "false";
        Settings["USE_REALTIME_API"] = "true";
        Settings["AZURE_OPENAI_REALTIME_ENDPOINT"] = openAI;
        Settings["AZURE_OPENAI_REALTIME_KEY"] = AzureStandIn.Key;
        // The stand-in "resource" lives at {openAI}; given, like the realtime setting, in its /openai form.
        Settings["AZURE_OPENAI_ENDPOINT"] = openAI + "/openai";
        Settings["AZURE_OPENAI_KEY"] = AzureStandIn.Key;
        Settings["AZURE_SPEECH_KEY"] = AzureStandIn.Key;
        Settings["AZURE_SPEECH_STT_ENDPOINT"] = new Uri(Azure.Address, SimulatorEndpoints.SpeechSttPath).ToString();
        Settings["AZURE_SPEECH_TTS_ENDPOINT"] = new Uri(Azure.Address, SimulatorEndpoints.SpeechTtsPath).ToString();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Azure.DisposeAsync();
    }
}

/// <summary>With the Azure settings given, both modes talk to the configured endpoints; no simulator is on the path.</summary>
public sealed class ConfiguredServicesTests(ConfiguredSiteFactory factory) : IClassFixture<ConfiguredSiteFactory>
{
    private static readonly byte[] Utterance = TestAudio.Concat(TestAudio.Tone(220, 1500), TestAudio.Silence(1000));

    [Fact]
    public async Task Both_modes_use_the_configured_services_and_the_site_serves_no_simulator()
    {
        var (user, client) = await factory.CreateSignedInUserAsync();
        var conversation = await factory.CreateConversationAsync(user.Email!);

        var page = await client.GetPageAsync($"/Conversations/{conversation}");
        Assert.DoesNotContain("simulator-banner", page);
        Assert.DoesNotContain("(simulated)", page);
        using (var simulator = await client.GetAsync($"{SimulatorEndpoints.OpenAIPath}/v1/realtime?model=gpt-realtime"))
            Assert.Equal(HttpStatusCode.NotFound, simulator.StatusCode);

        await using var voice = await VoiceHubClient.ConnectAsync(factory, user.Email!);
        var opened = factory.Azure.Journal.Entries.Count(e => e == SimulatorJournal.RealtimeOpened);
        Assert.Equal("realtime", (await voice.StartSessionAsync(conversation, "realtime")).Mode);
        await voice.TalkAsync(Utterance);
        Assert.Equal(opened + 1, factory.Azure.Journal.Entries.Count(e => e == SimulatorJournal.RealtimeOpened));

        var chats = factory.Azure.Journal.Entries.Count(e => e == SimulatorJournal.ChatStarted);
        Assert.Equal("pipeline", (await voice.StartSessionAsync(conversation, "pipeline")).Mode);
        await voice.TalkAsync(Utterance);
        Assert.Equal(chats + 1, factory.Azure.Journal.Entries.Count(e => e == SimulatorJournal.ChatStarted));
        Assert.Contains(SimulatorJournal.TtsStarted, factory.Azure.Journal.Entries);

        var modes = (await factory.TurnsAsync(conversation)).Select(t => t.Mode);
        Assert.Equal([VoiceMode.Realtime, VoiceMode.Realtime, VoiceMode.Pipeline, VoiceMode.Pipeline], modes);
        Assert.DoesNotContain(voice.Events, e => e.Name == "Error");
    }
}
