using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VoiceSite.Data;
using VoiceSite.Data.Entities;
using VoiceSite.Scenarios;

namespace VoiceSite.Tests.Infrastructure;

public static class AuthExtensions
{
    /// <summary>Signs in through the real form (GET the page, scrape its token, POST) and asserts it worked.</summary>
    public static async Task SignInAsync(this HttpClient client, string email, string password)
    {
        var html = await client.GetPageAsync("/Account/Login");
        using var response = await client.PostFormAsync("/Account/Login",
        [
            new("Email", email),
            new("Password", password),
            new(HtmlForms.TokenField, HtmlForms.AntiforgeryToken(html)),
        ]);
        if (response.StatusCode is HttpStatusCode.Found or HttpStatusCode.Redirect or HttpStatusCode.SeeOther)
        {
            Assert.DoesNotContain("/Account/Login", response.RedirectTarget() ?? "", StringComparison.OrdinalIgnoreCase);
            return;
        }
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Sign-in answered {(int)response.StatusCode}.");
        Assert.False(response.RequestMessage?.RequestUri?.AbsolutePath.Equals("/Account/Login", StringComparison.OrdinalIgnoreCase) ?? true,
            $"Sign-in as {email} failed: {body[..Math.Min(body.Length, 300)]}");
    }

    /// <summary>A client that does not follow redirects, signed in as <paramref name="email"/>.</summary>
    public static async Task<HttpClient> CreateSignedInClientAsync(this VoiceSiteFactory factory, string email, string password)
    {
        _ = factory.Services; // starts the server: a Kestrel factory then knows its address
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = factory.ClientOptions.BaseAddress });
        await client.SignInAsync(email, password);
        return client;
    }

    /// <summary>A new ordinary user (unique email) and a non-redirecting client signed in as them.</summary>
    public static async Task<(AppUser User, HttpClient Client)> CreateSignedInUserAsync(this VoiceSiteFactory factory, string? email = null)
    {
        email ??= $"user-{Guid.NewGuid():N}@test.local";
        const string password = "User-pass-1";
        var user = await factory.CreateUserAsync(email, password);
        return (user, await factory.CreateSignedInClientAsync(email, password));
    }

    /// <summary>
    /// Creates a conversation from the demo scenario for an existing user directly in the database (no UI);
    /// <paramref name="configure"/> may change it or add turns before it is saved.
    /// </summary>
    public static async Task<Guid> CreateConversationAsync(this VoiceSiteFactory factory, string ownerEmail, Action<Conversation>? configure = null)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var owner = await users.FindByEmailAsync(ownerEmail) ?? throw new InvalidOperationException($"No user {ownerEmail}.");
        var scenario = await db.Scenarios.AsNoTracking().Include(s => s.Parameters).FirstAsync(s => s.Name == DemoScenario.Name);
        var values = scenario.Parameters.ToDictionary(p => p.Key, p => p.DefaultValue ?? "Test");
        var now = DateTime.UtcNow;
        var conversation = new Conversation
        {
            OwnerId = owner.Id,
            ScenarioId = scenario.Id,
            ScenarioName = scenario.Name,
            Title = $"{scenario.Name} · test {Guid.NewGuid():N}",
            Instructions = InstructionsTemplate.Render(scenario.InstructionsTemplate, values),
            ParameterValues = values,
            RealtimeVoice = scenario.RealtimeVoice,
            PipelineVoice = scenario.PipelineVoice,
            CreatedAt = now,
            UpdatedAt = now,
        };
        configure?.Invoke(conversation);
        db.Conversations.Add(conversation);
        await db.SaveChangesAsync();
        return conversation.Id;
    }
}
