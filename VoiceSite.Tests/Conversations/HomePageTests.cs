using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Conversations;

/// <summary>The signed-in front door: the person's recent conversations and the scenarios to start.</summary>
public sealed class HomePageTests(VoiceSiteFactory factory) : IClassFixture<VoiceSiteFactory>
{
    [Fact]
    public async Task The_home_page_shows_my_recent_conversations_and_the_published_scenarios_only()
    {
        var published = await factory.CreateScenarioAsync(name: $"Pub {Guid.NewGuid():N}"[..16]);
        var hidden = await factory.CreateScenarioAsync(published: false, name: $"Hid {Guid.NewGuid():N}"[..16]);
        var (user, client) = await factory.CreateSignedInUserAsync();
        var (other, _) = await factory.CreateSignedInUserAsync();
        var mine = await factory.CreateConversationAsync(user.Email!);
        var theirs = await factory.CreateConversationAsync(other.Email!);
        using (client)
        {
            var html = await client.GetPageAsync("/");
            Assert.Contains("Your recent conversations", html, StringComparison.Ordinal);
            Assert.Contains($"href=\"/Conversations/{mine}\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain(theirs.ToString(), html, StringComparison.Ordinal);
            Assert.Contains($"href=\"/Scenarios/Start/{published}\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain($"/Scenarios/Start/{hidden}\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("How it works", html, StringComparison.Ordinal);
        }
    }
}
