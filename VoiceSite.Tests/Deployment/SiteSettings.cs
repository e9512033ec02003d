using System.Collections;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VoiceSite.Hosting;

namespace VoiceSite.Tests.Deployment;

/// <summary>
/// What the site reads, learnt from the running site rather than kept in a list: the keys it looked up (recorded),
/// the properties of every options class it binds to configuration (found by its registrations; each declares its
/// section in a <c>Section</c> constant, the codebase's convention) whose section it read at start, and
/// <see cref="EnvironmentOnlySettings"/>.
/// </summary>
public sealed class SiteSettings
{
    private readonly ConfigurationReadRecorder _reads;
    private readonly HashSet<string> _optionKeys = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _optionPrefixes = new(StringComparer.OrdinalIgnoreCase);

    private SiteSettings(ConfigurationReadRecorder reads) => _reads = reads;

    /// <summary>Options classes bound to a section the site did not read at start (bound lazily: no ValidateOnStart).</summary>
    public List<string> NotReadAtStart { get; } = [];

    public IReadOnlyCollection<string> OptionKeys => _optionKeys;

    public static async Task<SiteSettings> RecordAsync()
    {
        await using var site = new RecordingSiteFactory();
        using var client = site.CreateClient();
        // Started (options validated on start are bound by now), then one request through the whole pipeline.
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync(HealthSetup.ReadyPath)).StatusCode);

        var settings = new SiteSettings(site.Recorder);
        var bound = site.Registrations!
            .Select(d => d.ServiceType)
            .Where(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IOptionsChangeTokenSource<>))
            .Select(t => t.GetGenericArguments()[0])
            .Where(t => t.Namespace?.StartsWith("VoiceSite", StringComparison.Ordinal) == true)
            .Distinct();
        foreach (var options in bound)
        {
            var section = options.GetField("Section", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string
                ?? throw new Xunit.Sdk.XunitException($"{options.FullName} is bound to configuration but declares no 'public const string Section'.");
            if (site.Recorder.WasRead(section))
                settings.AddProperties(section, options, depth: 0);
            else
                settings.NotReadAtStart.Add($"{options.Name} ({section})");
        }
        return settings;
    }

    /// <summary>The configuration keys an environment variable stands for, as ASP.NET Core maps them.</summary>
    public static IEnumerable<string> KeysFor(string environmentName)
    {
        var key = environmentName.Replace("__", ":", StringComparison.Ordinal);
        yield return key;
        foreach (var prefix in new[] { "DOTNET_", "ASPNETCORE_" })
        {
            if (key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                yield return key[prefix.Length..];
        }
    }

    public bool Reads(string environmentName) =>
        EnvironmentOnlySettings.Names.Contains(environmentName, StringComparer.OrdinalIgnoreCase)
        || KeysFor(environmentName).Any(key => _reads.WasRead(key) || _optionKeys.Contains(key)
                                               || _optionPrefixes.Any(p => key.StartsWith(p + ":", StringComparison.OrdinalIgnoreCase)));

    public string Describe() =>
        $"keys looked up: {string.Join(", ", _reads.Keys.Order())}\noptions properties: {string.Join(", ", _optionKeys.Order())}"
        + $"\noptions bound but not read at start (no ValidateOnStart, not counted): {string.Join(", ", NotReadAtStart)}";

    /// <summary>The keys the binder fills for a type: settable properties; nested objects by path; collections as a prefix.</summary>
    private void AddProperties(string path, Type type, int depth)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var key = $"{path}:{property.Name}";
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (IsScalar(propertyType))
            {
                if (property.SetMethod?.IsPublic == true)
                    _optionKeys.Add(key);
            }
            else if (typeof(IEnumerable).IsAssignableFrom(propertyType))
            {
                _optionPrefixes.Add(key);
            }
            else if (depth < 5 && propertyType.IsClass)
            {
                AddProperties(key, propertyType, depth + 1);
            }
        }
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
        || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(Uri) || type == typeof(Guid);
}
