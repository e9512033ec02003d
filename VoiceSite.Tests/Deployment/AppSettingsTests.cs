namespace VoiceSite.Tests.Deployment;

/// <summary>
/// Every environment variable the Bicep gives the container app is one the site reads (<see cref="SiteSettings"/>:
/// learnt from the running site, so a new options class, legacy name or directly read key is known here without
/// touching this test).
/// </summary>
[Collection(DeploymentCollection.Name)]
public sealed class AppSettingsTests
{
    private static readonly Lazy<Task<SiteSettings>> Site = new(SiteSettings.RecordAsync);

    [Fact]
    public async Task Every_setting_the_container_app_is_given_is_read_by_the_site()
    {
        var (template, app) = CompiledTemplate.WebApp(await CompiledTemplate.MainAsync());
        var names = CompiledTemplate.EnvEntries(template, app).Select(e => e.GetProperty("name").GetString()!).ToList();
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.DoesNotContain("[", n, StringComparison.Ordinal)); // literal names only
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());

        var site = await Site.Value;
        var unread = names.Where(n => !site.Reads(n)).ToList();
        Assert.True(unread.Count == 0,
            $"The container app is given settings the site does not read: {string.Join(", ", unread)}. Fix the name in infra/app/web.bicep, "
            + "or make the site read it (an options class with a Section constant, BindConfiguration and ValidateOnStart; a LegacySettingNames "
            + $"entry; or EnvironmentOnlySettings for a library that reads the environment itself).\n{site.Describe()}");
    }

    [Fact]
    public async Task The_check_knows_options_legacy_names_and_direct_reads_and_tells_a_wrong_name_apart()
    {
        var site = await Site.Value;
        // An options property (Speech:Key), the flat name read through to (AZURE_SPEECH_KEY), a key read while the host is
        // built (Database:Provider), the connection string, a host setting (DOTNET_ prefix) and a library's own variable.
        foreach (var name in new[] { "Speech__Key", "AZURE_SPEECH_KEY", "Database__Provider", "ConnectionStrings__Default",
                     "DataProtection__Certificate", "Realtime__RenewAfter", "DOTNET_SHUTDOWNTIMEOUTSECONDS", "AZURE_CLIENT_ID" })
            Assert.True(site.Reads(name), $"{name} does not count as read.\n{site.Describe()}");
        // A name one letter off and a computed property do not.
        foreach (var name in new[] { "AZURE_SPEECH_KEYS", "Speech__Keys", "Speech__IsConfigured", "Database__Providers" })
            Assert.False(site.Reads(name), $"{name} counts as read: the check could not catch a wrong name.");
    }
}
