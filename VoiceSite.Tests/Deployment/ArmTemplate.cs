using System.Text.Json;
using System.Text.RegularExpressions;

namespace VoiceSite.Tests.Deployment;

/// <summary>
/// A compiled ARM template (and, through <see cref="Descendants"/>, the templates of its nested module deployments),
/// with just enough evaluation to read what Bicep left literal: variables and parameter defaults referenced as a
/// whole (<c>[variables('x')]</c>, <c>[parameters('x')]</c>). Anything computed stays unevaluated.
/// </summary>
public sealed partial class ArmTemplate(JsonElement template, JsonElement? deploymentParameters = null, ArmTemplate? parent = null)
{
    public JsonElement Json => template;

    public IEnumerable<JsonElement> Resources =>
        !template.TryGetProperty("resources", out var resources) ? []
        : resources.ValueKind == JsonValueKind.Object ? resources.EnumerateObject().Select(p => p.Value) // languageVersion 2.0: symbolic names
        : resources.EnumerateArray();

    /// <summary>This template and every nested deployment's template, depth first.</summary>
    public IEnumerable<ArmTemplate> Descendants()
    {
        yield return this;
        foreach (var resource in Resources.Where(r => Type(r) == "Microsoft.Resources/deployments"))
        {
            var properties = resource.GetProperty("properties");
            if (!properties.TryGetProperty("template", out var nested))
                continue;
            var parameters = properties.TryGetProperty("parameters", out var p) ? p : (JsonElement?)null;
            foreach (var descendant in new ArmTemplate(nested, parameters, this).Descendants())
                yield return descendant;
        }
    }

    public IEnumerable<(ArmTemplate Template, JsonElement Resource)> ResourcesOfType(string type) =>
        Descendants().SelectMany(t => t.Resources.Where(r => Type(r) == type).Select(r => (t, r)));

    public static string? Type(JsonElement resource) => resource.TryGetProperty("type", out var type) ? type.GetString() : null;

    public bool IsExisting(JsonElement resource) => resource.TryGetProperty("existing", out var existing) && existing.ValueKind == JsonValueKind.True;

    /// <summary>
    /// The value as a literal where Bicep left it one or it is a whole reference to a variable or parameter (a
    /// parameter given a literal by the parent deployment, else its default); null when it is computed.
    /// </summary>
    public JsonElement? Literal(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String || value.GetString() is not { } text || !text.StartsWith('['))
            return value;
        if (WholeReference().Match(text) is not { Success: true } match)
            return null;
        var name = match.Groups["name"].Value;
        return match.Groups["kind"].Value == "variables" ? Variable(name) : Parameter(name);
    }

    public JsonElement? Variable(string name) =>
        template.TryGetProperty("variables", out var variables) && variables.TryGetProperty(name, out var value) ? Literal(value) : null;

    public JsonElement? Parameter(string name)
    {
        // A value the parent deployment passes is an expression of the parent's scope.
        if (deploymentParameters is { } given && given.TryGetProperty(name, out var passed) && passed.TryGetProperty("value", out var value))
            return parent is not null ? parent.Literal(value) : value;
        return template.TryGetProperty("parameters", out var parameters) && parameters.TryGetProperty(name, out var declared)
            && declared.TryGetProperty("defaultValue", out var defaultValue) ? Literal(defaultValue) : null;
    }

    /// <summary>
    /// The objects a property can yield: its elements when it is a literal array, else every object inside the
    /// variables its expression refers to (e.g. <c>map(filter(variables('settingCandidates'), ...), ...)</c>).
    /// </summary>
    public IEnumerable<JsonElement> CandidateObjects(JsonElement value)
    {
        if (Literal(value) is { ValueKind: JsonValueKind.Array } array)
            return array.EnumerateArray().SelectMany(Objects);
        if (value.ValueKind != JsonValueKind.String)
            return [];
        return VariableReference().Matches(value.GetString()!)
            .Select(m => Variable(m.Groups["name"].Value))
            .Where(v => v is not null)
            .SelectMany(v => Objects(v!.Value));
    }

    private static IEnumerable<JsonElement> Objects(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => value.EnumerateObject().SelectMany(p => Objects(p.Value)).Prepend(value),
        JsonValueKind.Array => value.EnumerateArray().SelectMany(Objects),
        _ => [],
    };

    [GeneratedRegex(@"^\[(?<kind>variables|parameters)\('(?<name>[^']+)'\)\]$")]
    private static partial Regex WholeReference();

    [GeneratedRegex(@"variables\('(?<name>[^']+)'\)")]
    private static partial Regex VariableReference();
}

/// <summary>infra/main.bicep compiled once per test run (the Bicep CLI takes several seconds).</summary>
public static class CompiledTemplate
{
    public const string MainBicep = "infra/main.bicep";

    private static readonly Lazy<Task<ProcessResult>> Build = new(() => BicepCli.RunAsync("build", MainBicep, "--stdout"));

    public static Task<ProcessResult> BuildAsync() => Build.Value;

    public static async Task<ArmTemplate> MainAsync()
    {
        var build = await BuildAsync();
        Assert.True(build.ExitCode == 0, build.Describe($"bicep build {MainBicep}"));
        return new ArmTemplate(JsonDocument.Parse(build.Output).RootElement.Clone());
    }

    /// <summary>The site's container app: the one Microsoft.App/containerApps resource that is deployed, not looked up.</summary>
    public static (ArmTemplate Template, JsonElement Resource) WebApp(ArmTemplate main) =>
        Assert.Single(main.ResourcesOfType("Microsoft.App/containerApps"), r => !r.Template.IsExisting(r.Resource));

    /// <summary>The env entries the container app can be given ({ name, value | secretRef }), whichever conditions hold.</summary>
    public static List<JsonElement> EnvEntries(ArmTemplate template, JsonElement containerApp)
    {
        var container = Assert.Single(containerApp.GetProperty("properties").GetProperty("template").GetProperty("containers").EnumerateArray());
        return template.CandidateObjects(container.GetProperty("env"))
            .Where(o => o.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                        && (o.TryGetProperty("value", out _) || o.TryGetProperty("secretRef", out _)))
            .ToList();
    }
}
