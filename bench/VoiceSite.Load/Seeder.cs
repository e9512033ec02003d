using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using VoiceSite.Data;
using VoiceSite.Data.Entities;
using VoiceSite.Bench;

namespace VoiceSite.Load;

/// <summary>One benchmark user: an account of its own with one conversation, signed in (its cookies).</summary>
internal sealed record LoadUser(string Email, Guid ConversationId, CookieContainer Cookies);

/// <summary>
/// Writes users and conversations straight into the site's SQLite database (after the site created and migrated it),
/// then signs each user in through the real login form, so every session is one person with one conversation, as in
/// use. Everything the site reads per session goes through the site itself.
/// </summary>
internal static class Seeder
{
    public const string Password = "Load-pass-1";
    private const string ScenarioName = "Load benchmark";

    public static async Task<List<(string Email, Guid ConversationId)>> SeedAsync(string databasePath, int count, bool recording)
    {
        var options = new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={databasePath}").Options;
        await using var db = new SqliteAppDbContext(options);
        var now = DateTime.UtcNow;
        var scenario = await db.Scenarios.FirstOrDefaultAsync(s => s.Name == ScenarioName);
        if (scenario is null)
        {
            scenario = new Scenario
            {
                Name = ScenarioName,
                Description = "Seeded by bench/VoiceSite.Load.",
                InstructionsTemplate = "You are a patient conversation partner. Keep answers short.",
                IsPublished = true,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Scenarios.Add(scenario);
        }
        scenario.RecordingEnabled = recording;
        await db.SaveChangesAsync();

        // One hash for every user (PBKDF2 is slow on purpose); each sign-in still verifies it in the site.
        var hash = new PasswordHasher<AppUser>().HashPassword(new AppUser(), Password);
        var seeded = new List<(string, Guid)>();
        for (var i = 0; i < count; i++)
        {
            var email = $"load-{i:D4}-{Guid.NewGuid():N}@load.local";
            var user = new AppUser
            {
                UserName = email,
                NormalizedUserName = email.ToUpperInvariant(),
                Email = email,
                NormalizedEmail = email.ToUpperInvariant(),
                EmailConfirmed = true,
                PasswordHash = hash,
                SecurityStamp = Guid.NewGuid().ToString("N"),
                ConcurrencyStamp = Guid.NewGuid().ToString(),
            };
            var conversation = new Conversation
            {
                OwnerId = user.Id,
                ScenarioId = scenario.Id,
                ScenarioName = scenario.Name,
                Title = $"Load {i}",
                Instructions = scenario.InstructionsTemplate,
                RealtimeVoice = scenario.RealtimeVoice,
                PipelineVoice = scenario.PipelineVoice,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Users.Add(user);
            db.Conversations.Add(conversation);
            seeded.Add((email, conversation.Id));
        }
        await db.SaveChangesAsync();
        return seeded;
    }

    /// <summary>Signs every user in through the login form (a few at a time), returning their cookies.</summary>
    public static async Task<List<LoadUser>> SignInAllAsync(Uri site, IReadOnlyList<(string Email, Guid ConversationId)> users)
    {
        var result = new LoadUser[users.Count];
        await Parallel.ForAsync(0, users.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var cookies = new CookieContainer();
            using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = site };
            await BenchEnvironment.SignInAsync(http, users[i].Email, Password);
            result[i] = new LoadUser(users[i].Email, users[i].ConversationId, cookies);
        });
        return [.. result];
    }
}
