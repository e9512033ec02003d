using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using VoiceSite.Hosting;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Deployment;

/// <summary>
/// infra/ compiles with the Bicep CLI and its linter finds nothing (the bar: no error and no warning, from the build or
/// from `bicep lint` with its default rules); the container app it describes fits the site.
/// </summary>
[Collection(DeploymentCollection.Name)]
public sealed partial class BicepTests
{
    [Fact]
    public async Task Main_template_builds_without_an_error_or_a_warning()
    {
        var build = await CompiledTemplate.BuildAsync();
        Assert.True(build.ExitCode == 0 && build.Error.Trim().Length == 0, build.Describe($"bicep build {CompiledTemplate.MainBicep}"));
        using var json = JsonDocument.Parse(build.Output);
        Assert.Equal("subscription", TargetScope(json.RootElement));
    }

    [Fact]
    public async Task Linter_reports_nothing_and_would_report_a_fault()
    {
        // The control: the same linter on a file with an unused parameter says so, so silence below means something.
        var control = Directory.CreateTempSubdirectory("voicesite-bicep-");
        try
        {
            var faulty = Path.Combine(control.FullName, "faulty.bicep");
            await File.WriteAllTextAsync(faulty, "param unused string\n");
            var lints = await Task.WhenAll(BicepCli.RunAsync("lint", CompiledTemplate.MainBicep), BicepCli.RunAsync("lint", faulty));
            var (main, faultyLint) = (lints[0], lints[1]);
            Assert.True(main.ExitCode == 0 && (main.Output + main.Error).Trim().Length == 0, main.Describe($"bicep lint {CompiledTemplate.MainBicep}"));
            Assert.Contains("no-unused-params", faultyLint.Output + faultyLint.Error, StringComparison.Ordinal);
        }
        finally
        {
            control.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Parameters_file_gives_only_declared_parameters_and_every_required_one_from_the_azd_environment()
    {
        var main = await CompiledTemplate.MainAsync();
        var declared = main.Json.GetProperty("parameters").EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        using var file = JsonDocument.Parse(RepositoryFiles.Read("infra/main.parameters.json"));
        var given = file.RootElement.GetProperty("parameters").EnumerateObject().ToList();

        Assert.All(given, p => Assert.True(declared.ContainsKey(p.Name), $"main.parameters.json gives '{p.Name}', which main.bicep does not declare."));
        var required = declared.Where(d => !d.Value.TryGetProperty("defaultValue", out _)).Select(d => d.Key);
        Assert.All(required, name => Assert.True(given.Any(p => p.Name == name), $"main.bicep requires '{name}' but main.parameters.json does not give it."));
        Assert.All(given, p => Assert.Matches(AzdVariable(), p.Value.GetProperty("value").GetString()));
        // azd tells the template whether the app exists (then its deployed image is kept on re-provision).
        Assert.Equal("${SERVICE_WEB_RESOURCE_EXISTS=false}", given.Single(p => p.Name == "webExists").Value.GetProperty("value").GetString());
    }

    [Fact]
    public async Task Container_app_takes_websockets_on_any_replica_scales_on_concurrency_and_has_time_to_drain()
    {
        var (template, app) = CompiledTemplate.WebApp(await CompiledTemplate.MainAsync());
        var configuration = app.GetProperty("properties").GetProperty("configuration");
        var ingress = configuration.GetProperty("ingress");
        Assert.True(ingress.GetProperty("external").GetBoolean());
        Assert.Equal("auto", ingress.GetProperty("transport").GetString()); // HTTP/1.1 upgrade to WebSocket
        Assert.Equal("none", ingress.GetProperty("stickySessions").GetProperty("affinity").GetString());
        Assert.Equal(Dockerfile.Load().HttpPort, IntValue(template, ingress.GetProperty("targetPort")));
        // azd finds the app to deploy to by this tag, named after the service in azure.yaml.
        Assert.Contains("'azd-service-name', 'web'", app.GetProperty("tags").GetRawText(), StringComparison.Ordinal);
        Assert.Matches(@"(?m)^services:\s*\n\s+web:", RepositoryFiles.Read("azure.yaml").ReplaceLineEndings("\n"));

        var runtime = app.GetProperty("properties").GetProperty("template");
        Assert.InRange(IntValue(template, runtime.GetProperty("terminationGracePeriodSeconds")), 60, 600);
        var scale = runtime.GetProperty("scale");
        var minReplicas = scale.GetProperty("minReplicas");
        var maxReplicas = scale.GetProperty("maxReplicas");
        Assert.True(IntValue(template, minReplicas) >= 1, "At least one replica, so the first conversation does not wait for a cold start.");
        Assert.True(IntValue(template, maxReplicas) > IntValue(template, minReplicas));
        var rule = Assert.Single(scale.GetProperty("rules").EnumerateArray());
        Assert.True(rule.GetProperty("http").GetProperty("metadata").TryGetProperty("concurrentRequests", out _));
    }

    [Fact]
    public async Task Probes_ask_the_sites_own_health_endpoints_on_its_port_and_the_site_answers_them()
    {
        var (template, app) = CompiledTemplate.WebApp(await CompiledTemplate.MainAsync());
        var container = Assert.Single(app.GetProperty("properties").GetProperty("template").GetProperty("containers").EnumerateArray());
        var probes = template.Literal(container.GetProperty("probes"))?.EnumerateArray().ToDictionary(p => p.GetProperty("type").GetString()!, p => p)
            ?? throw new Xunit.Sdk.XunitException("The container's probes are computed; keep them a literal list (a variable) so they can be checked.");
        Assert.Equal(["Liveness", "Readiness", "Startup"], probes.Keys.Order());
        Assert.Equal(HealthSetup.LivePath, probes["Liveness"].GetProperty("httpGet").GetProperty("path").GetString());
        Assert.Equal(HealthSetup.ReadyPath, probes["Readiness"].GetProperty("httpGet").GetProperty("path").GetString());
        var port = Dockerfile.Load().HttpPort;
        Assert.All(probes.Values, p => Assert.Equal(port, IntValue(template, p.GetProperty("httpGet").GetProperty("port"))));

        await using var site = new VoiceSiteFactory();
        using var client = site.CreateClient();
        foreach (var (type, probe) in probes)
        {
            var path = probe.GetProperty("httpGet").GetProperty("path").GetString();
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"The {type} probe's {path} answered {(int)response.StatusCode}.");
        }
    }

    [Fact]
    public async Task Sql_accepts_only_entra_sign_in_and_the_site_connects_as_its_identity()
    {
        var main = await CompiledTemplate.MainAsync();
        var (_, server) = Assert.Single(main.ResourcesOfType("Microsoft.Sql/servers"));
        var administrators = server.GetProperty("properties").GetProperty("administrators");
        Assert.True(administrators.GetProperty("azureADOnlyAuthentication").GetBoolean());
        Assert.False(server.GetProperty("properties").TryGetProperty("administratorLoginPassword", out _));
        var connectionString = Assert.Single(main.Descendants()
            .SelectMany(t => t.Json.TryGetProperty("outputs", out var o) ? o.EnumerateObject() : Enumerable.Empty<JsonProperty>()),
            o => o.Name == "connectionString");
        var text = connectionString.Value.GetProperty("value").GetString()!;
        Assert.Contains("Authentication=Active Directory Managed Identity", text, StringComparison.Ordinal);
        Assert.Contains("User Id=", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", text, StringComparison.OrdinalIgnoreCase);
    }

    private static int IntValue(ArmTemplate template, JsonElement value) =>
        template.Literal(value) is { ValueKind: JsonValueKind.Number } number ? number.GetInt32()
        : throw new Xunit.Sdk.XunitException($"{value} is computed; expected a number, a parameter default or a variable.");

    private static string? TargetScope(JsonElement template) =>
        template.GetProperty("$schema").GetString()!.Contains("subscriptionDeploymentTemplate", StringComparison.Ordinal) ? "subscription" : "resourceGroup";

    /// <summary>An azd environment reference: ${NAME} or ${NAME=default}.</summary>
    [GeneratedRegex(@"^\$\{[A-Z0-9_]+(=[^}]*)?\}$")]
    private static partial Regex AzdVariable();
}
