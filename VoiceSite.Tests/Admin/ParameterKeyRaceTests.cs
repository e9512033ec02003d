using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using VoiceSite.Data;
using VoiceSite.Data.Entities;
using VoiceSite.Pages.Admin.Scenarios;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Admin;

/// <summary>
/// Two administrators add a parameter with the same key to one scenario at the same moment. The moment is made
/// exact: the second admin's competing save lands after the first admin's version check and before its write.
/// </summary>
public sealed class ParameterKeyRaceTests : IAsyncLifetime
{
    private readonly RaceFactory _factory = new();

    [Fact]
    public async Task The_second_of_two_admins_adding_the_same_key_gets_the_conflict_message_not_an_error_page()
    {
        var id = await _factory.CreateScenarioAsync();
        using var client = await AdminClient.SignInAsync(_factory);
        var form = (await client.EditFormAsync(id)).SetParameter(2, "budget", "Budget (mine)");

        _factory.Race.Arm(async () =>
        {
            // The other admin's save: the same new key, and a new version, committed first.
            await _factory.WithDbAsync(async db =>
            {
                var scenario = await db.Scenarios.Include(s => s.Parameters).SingleAsync(s => s.Id == id);
                scenario.Parameters.Add(new ScenarioParameter { Key = "budget", Label = "Budget (theirs)", Position = 2 });
                scenario.Version = Guid.NewGuid();
                return await db.SaveChangesAsync();
            });
        });
        using var response = await client.PostFormAsync($"/Admin/Scenarios/Edit/{id}", form);

        Assert.True(_factory.Race.Ran, "the competing save did not run inside the first save");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains(EditModel.ConflictMessage, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var budget = (await _factory.LoadAsync(id))!.Parameters.Single(p => p.Key == "budget");
        Assert.Equal("Budget (theirs)", budget.Label);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private sealed class RaceFactory : VoiceSiteFactory
    {
        public RaceInterceptor Race { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.ConfigureDbContext<SqliteAppDbContext>(o => o.AddInterceptors(Race)));
        }
    }

    /// <summary>Runs a competing write once, just before a save that adds scenario parameters goes to the database.</summary>
    private sealed class RaceInterceptor : SaveChangesInterceptor
    {
        private Func<Task>? _competitor;

        public bool Ran { get; private set; }

        public void Arm(Func<Task> competitor) => _competitor = competitor;

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (_competitor is { } competitor && eventData.Context!.ChangeTracker.Entries<ScenarioParameter>().Any(e => e.State == EntityState.Added))
            {
                _competitor = null;
                await competitor();
                Ran = true;
            }
            return result;
        }
    }
}
