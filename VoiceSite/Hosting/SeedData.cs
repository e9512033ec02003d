using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VoiceSite.Accounts;
using VoiceSite.Data;
using VoiceSite.Data.Entities;
using VoiceSite.Scenarios;

namespace VoiceSite.Hosting;

/// <summary>
/// Seeds what a fresh database needs: the Admin role, the first administrator from settings, and a demo
/// scenario. In Development with no administrator configured, also a demo administrator and a demo user,
/// whose credentials are printed once at start (to the console, not the log).
/// </summary>
public sealed partial class SeedData(
    AppDbContext db,
    UserManager<AppUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<AdminOptions> admin,
    IHostEnvironment environment,
    TimeProvider clock,
    ILogger<SeedData> logger)
{
    public const string DemoAdminEmail = "admin@voicesite.local";
    public const string DemoAdminPassword = "Demo-admin-1";
    public const string DemoUserEmail = "user@voicesite.local";
    public const string DemoUserPassword = "Demo-user-1";

    public async Task SeedAsync()
    {
        if (!await roles.RoleExistsAsync(Roles.Admin))
            await roles.CreateAsync(new IdentityRole(Roles.Admin));

        var adminOptions = admin.Value;
        if (adminOptions.IsConfigured)
        {
            await EnsureUserAsync(adminOptions.Email!, adminOptions.Password!, isAdmin: true);
        }
        else if (environment.IsDevelopment())
        {
            await EnsureUserAsync(DemoAdminEmail, DemoAdminPassword, isAdmin: true);
            await EnsureUserAsync(DemoUserEmail, DemoUserPassword, isAdmin: false);
            Console.WriteLine($"""

                VoiceSite demo accounts (Development only):
                  administrator  {DemoAdminEmail}  /  {DemoAdminPassword}
                  user           {DemoUserEmail}  /  {DemoUserPassword}

                """);
        }

        if (!await db.Scenarios.AnyAsync())
        {
            var demo = DemoScenario.Create(clock.GetUtcNow().UtcDateTime);
            db.Scenarios.Add(demo);
            await db.SaveChangesAsync();
            LogDemoScenarioCreated(demo.Name);
        }
    }

    private async Task EnsureUserAsync(string email, string password, bool isAdmin)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
                throw new InvalidOperationException($"Could not create the account {email}: {string.Join(" ", created.Errors.Select(e => e.Description))}");
            LogUserCreated(email, isAdmin);
        }
        if (isAdmin && !await users.IsInRoleAsync(user, Roles.Admin))
            await users.AddToRoleAsync(user, Roles.Admin);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created account {Email} (administrator: {IsAdmin})")]
    private partial void LogUserCreated(string email, bool isAdmin);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created demo scenario {Name}")]
    private partial void LogDemoScenarioCreated(string name);
}
