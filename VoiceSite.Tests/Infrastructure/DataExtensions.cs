using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VoiceSite.Data;
using VoiceSite.Data.Entities;

namespace VoiceSite.Tests.Infrastructure;

public static class DataExtensions
{
    /// <summary>Runs <paramref name="work"/> against a fresh scoped <see cref="AppDbContext"/> of the app.</summary>
    public static async Task<T> WithDbAsync<T>(this VoiceSiteFactory factory, Func<AppDbContext, Task<T>> work)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>The conversation's stored turns in transcript order.</summary>
    public static Task<List<Turn>> TurnsAsync(this VoiceSiteFactory factory, Guid conversation) =>
        factory.WithDbAsync(db => db.Turns.AsNoTracking().Where(t => t.ConversationId == conversation)
            .OrderBy(t => t.StartedAt).ThenBy(t => t.Sequence).ToListAsync());

    /// <summary>Waits until a stored turn of the conversation matches (turns are saved just after their events); fails after the timeout.</summary>
    public static async Task<Turn> WaitForTurnAsync(this VoiceSiteFactory factory, Guid conversation, Func<Turn, bool> match, int timeoutSeconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            if ((await factory.TurnsAsync(conversation)).FirstOrDefault(match) is { } turn)
                return turn;
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"The expected turn was not stored within {timeoutSeconds} s.");
            await Task.Delay(200);
        }
    }

    /// <summary>Saves a scenario (unique name unless given) with a text and a choice parameter; returns its id.</summary>
    public static Task<int> CreateScenarioAsync(this VoiceSiteFactory factory, bool published = true, string? name = null, Action<Scenario>? configure = null) =>
        factory.WithDbAsync(async db =>
        {
            var now = DateTime.UtcNow;
            var scenario = new Scenario
            {
                Name = name ?? $"Scenario {Guid.NewGuid():N}"[..20],
                Description = "A test scenario.",
                InstructionsTemplate = "You talk with {{person}} about {{topic}}.",
                RealtimeVoice = "alloy",
                PipelineVoice = "en-US-AvaMultilingualNeural",
                IsPublished = published,
                CreatedAt = now,
                UpdatedAt = now,
            };
            scenario.Parameters.Add(new ScenarioParameter { Key = "person", Label = "Person", Kind = ParameterKind.Text, Required = true, Position = 0 });
            scenario.Parameters.Add(new ScenarioParameter { Key = "topic", Label = "Topic", Kind = ParameterKind.Choice, Choices = ["weather", "sport"], DefaultValue = "sport", Required = true, Position = 1 });
            configure?.Invoke(scenario);
            db.Scenarios.Add(scenario);
            await db.SaveChangesAsync();
            return scenario.Id;
        });
}
