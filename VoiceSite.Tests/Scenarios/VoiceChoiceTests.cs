using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VoiceSite.Scenarios;
using VoiceSite.Tests.Infrastructure;
using VoiceSite.Voice.Pipeline;

namespace VoiceSite.Tests.Scenarios;

/// <summary>A neural voice list standing in for a configured Azure Speech resource's <c>voices/list</c>.</summary>
public sealed class LiveVoiceList : INeuralVoiceList
{
    public static readonly NeuralVoice Sofie = new("sv-SE-SofieNeural", "Sofie", "sv-SE", "Female", "Swedish (Sweden)");

    public IReadOnlyList<NeuralVoice> Voices { get; set; } = [.. NeuralVoiceList.Fallback, Sofie];

    public Task<IReadOnlyList<NeuralVoice>> GetVoicesAsync(CancellationToken cancellationToken = default) => Task.FromResult(Voices);
}

/// <summary>The site with <see cref="LiveVoiceList"/> as its neural voice list.</summary>
public sealed class LiveVoicesSiteFactory : VoiceSiteFactory
{
    public LiveVoiceList Voices { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<INeuralVoiceList>(Voices));
    }
}

/// <summary>The pipeline voices offered in forms come from the neural voice list (live when Azure Speech is configured).</summary>
public sealed class VoiceChoiceTests(LiveVoicesSiteFactory factory) : IClassFixture<LiveVoicesSiteFactory>
{
    [Fact]
    public async Task The_catalog_labels_voices_by_name_language_and_gender_sorted_by_language_and_maps_each_list_once()
    {
        var list = new LiveVoiceList();
        var catalog = new SiteVoiceCatalog(list);

        var options = await catalog.GetPipelineVoicesAsync();
        Assert.Equal(NeuralVoiceList.Fallback.Count + 1, options.Count);
        Assert.Contains(new VoiceOption("sv-SE-SofieNeural", "Sofie (Swedish (Sweden), female)"), options);
        Assert.StartsWith("Dutch (Netherlands)", options[0].DisplayName[(options[0].DisplayName.IndexOf('(') + 1)..]);
        Assert.Contains(options, o => o.DisplayName.EndsWith("(US English, female)", StringComparison.Ordinal));
        Assert.Equal("sv-SE-SofieNeural", options[^1].Id);
        Assert.Same(options, await catalog.GetPipelineVoicesAsync());

        list.Voices = [LiveVoiceList.Sofie];
        Assert.Equal([new VoiceOption("sv-SE-SofieNeural", "Sofie (Swedish (Sweden), female)")], await catalog.GetPipelineVoicesAsync());
        Assert.Same(VoiceCatalog.RealtimeVoices, await catalog.GetRealtimeVoicesAsync());
    }

    [Fact]
    public async Task A_voice_from_the_live_list_can_be_chosen_for_a_conversation()
    {
        var scenario = await factory.CreateScenarioAsync();
        var (user, client) = await factory.CreateSignedInUserAsync();
        using (client)
        {
            var page = await client.GetPageAsync($"/Scenarios/Start/{scenario}");
            Assert.Contains("<option value=\"sv-SE-SofieNeural\">Sofie (Swedish (Sweden), female)</option>", page, StringComparison.Ordinal);

            var fields = HtmlForms.Fields(page, "start-form")
                .Set("Values[person]", "Kim").Set("Values[topic]", "weather").Set("PipelineVoice", "sv-SE-SofieNeural");
            using var response = await client.PostFormAsync($"/Scenarios/Start/{scenario}", fields, htmx: true);
            Assert.True(response.Headers.Contains("HX-Redirect"), await response.Content.ReadAsStringAsync());

            var voice = await factory.WithDbAsync(db => db.Conversations.Where(c => c.OwnerId == user.Id).Select(c => c.PipelineVoice).SingleAsync());
            Assert.Equal("sv-SE-SofieNeural", voice);
        }
    }

    [Fact]
    public async Task Administrators_are_offered_the_live_list_for_a_scenario()
    {
        var scenario = await factory.CreateScenarioAsync();
        using var admin = await factory.CreateSignedInClientAsync(VoiceSiteFactory.AdminEmail, VoiceSiteFactory.AdminPassword);
        var page = await admin.GetPageAsync($"/Admin/Scenarios/Edit/{scenario}");
        Assert.Contains("value=\"sv-SE-SofieNeural\"", page);
    }
}
