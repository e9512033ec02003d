using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using VoiceSite.Hosting;
using Xunit.Abstractions;

namespace VoiceSite.Tests.Deployment;

/// <summary>
/// The Dockerfile, checked without a Docker engine: everything it copies exists in the build context, its build
/// stage's commands succeed on the same command lines, and its entrypoint, started on that output with the
/// environment it sets, answers its health check and stops cleanly on SIGTERM.
/// </summary>
[Collection(DeploymentCollection.Name)]
public sealed partial class ContainerTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_file_the_Dockerfile_copies_from_the_context_exists_and_is_not_ignored()
    {
        var dockerfile = Dockerfile.Load();
        var ignore = DockerIgnore.Load();
        var copies = dockerfile.Stages.SelectMany(Dockerfile.Copies).Where(c => c.FromStage is null).ToList();
        Assert.NotEmpty(copies);
        foreach (var copy in copies)
        {
            foreach (var source in copy.Sources)
            {
                var path = RepositoryFiles.PathOf(source.TrimEnd('/'));
                Assert.True(File.Exists(path) || Directory.Exists(path), $"{copy.Instruction}: '{source}' does not exist in the build context.");
                Assert.False(ignore.IsExcluded(source.TrimEnd('/')), $"{copy.Instruction}: '{source}' is excluded by .dockerignore.");
            }
        }
        // Every project the site's project references is copied (a new one must be added to the Dockerfile too).
        var copied = copies.SelectMany(c => c.Sources).Select(s => s.TrimEnd('/')).ToHashSet();
        foreach (var project in ProjectClosure("VoiceSite/VoiceSite.csproj"))
            Assert.True(copied.Contains(Path.GetDirectoryName(project)!.Replace('\\', '/')), $"The Dockerfile does not copy {Path.GetDirectoryName(project)}/ (referenced by the site).");
    }

    [Fact]
    public void Dockerignore_leaves_out_build_output_and_local_data_but_not_sources()
    {
        // The matcher the test above relies on, on cases with a known answer.
        var ignore = DockerIgnore.Load();
        Assert.True(ignore.IsExcluded("VoiceSite/bin/Debug/net10.0/VoiceSite.dll"));
        Assert.True(ignore.IsExcluded("VoiceSite.Data/obj/project.assets.json"));
        Assert.True(ignore.IsExcluded("VoiceSite/App_Data/voicesite.db"));
        Assert.False(ignore.IsExcluded("VoiceSite/Program.cs"));
        Assert.False(ignore.IsExcluded("VoiceSite/wwwroot/js/voice/talk.js"));
    }

    [Fact]
    public async Task The_build_stage_publishes_and_the_entrypoint_serves_the_health_check_with_the_images_environment()
    {
        var dockerfile = Dockerfile.Load();
        using var image = ImageSimulation.Create(dockerfile);
        var watch = Stopwatch.StartNew();
        foreach (var stage in dockerfile.Stages)
            await image.RunStageAsync(stage, commandTimeout: TimeSpan.FromMinutes(5));
        output.WriteLine(string.Join('\n', image.Log));
        output.WriteLine($"Not run (need the image's OS): {string.Join("; ", image.NotRun)}");
        output.WriteLine($"Stages carried out in {watch.Elapsed.TotalSeconds:0.0} s");

        var final = dockerfile.Final;
        var entrypoint = Dockerfile.ExecForm(final.Instructions.Single(i => i.Keyword == "ENTRYPOINT"));
        var workdir = image.HostPath(final, Dockerfile.WorkingDirectoryAfter(final) ?? "/");
        Assert.True(File.Exists(Path.Combine(workdir, entrypoint[^1])), $"The entrypoint's {entrypoint[^1]} is not in the published output.");
        // The published site compiles every method fully optimised at its first call, and its idle pool threads sleep
        // without spinning first (VoiceSite.csproj says why).
        using (var runtimeConfig = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(workdir, Path.ChangeExtension(entrypoint[^1], ".runtimeconfig.json")))))
        {
            var properties = runtimeConfig.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
            Assert.False(properties.GetProperty("System.Runtime.TieredCompilation").GetBoolean());
            Assert.Equal("0", properties.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").ToString());
        }

        // The image's environment, with one change: the port (8080 may be taken on a shared machine) is a free one.
        var environment = ProcessRunner.MinimalEnvironment();
        foreach (var (name, value) in image.RuntimeEnvironment(final))
            environment[name] = value;
        var port = FreePort();
        Assert.Equal(dockerfile.HttpPort.ToString(), environment["ASPNETCORE_HTTP_PORTS"]);
        environment["ASPNETCORE_HTTP_PORTS"] = port.ToString();
        Assert.Equal("Production", environment["ASPNETCORE_ENVIRONMENT"]);
        // The shared array pool sized for many hub connections (an environment-only runtime setting; the Dockerfile says why).
        Assert.Equal("256", environment["DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION"]);

        using var site = Process.Start(ProcessRunner.StartInfo(entrypoint[0], entrypoint.Skip(1), workdir, environment))!;
        var log = new System.Text.StringBuilder();
        site.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        site.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        site.BeginOutputReadLine();
        site.BeginErrorReadLine();
        try
        {
            var healthCheck = new UriBuilder(dockerfile.HealthCheckUrl) { Port = port }.Uri;
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            Assert.True(await AnswersAsync(http, healthCheck, site, TimeSpan.FromSeconds(60)),
                $"{healthCheck} never answered 200 (site {(site.HasExited ? $"exited with {site.ExitCode}" : "still running")}).\n{log}");
            foreach (var path in new[] { HealthSetup.LivePath, HealthSetup.ReadyPath })
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new UriBuilder(healthCheck) { Path = path }.Uri)).StatusCode);

            // Production serves the published assets fingerprinted, immutable and Brotli-compressed.
            var assets = await Web.StaticAssets.CheckAsync(http, new UriBuilder(healthCheck) { Path = "/Account/Login" }.Uri, "br, gzip", "br");
            output.WriteLine(string.Join('\n', assets.Select(a => $"{a.Url}: {a.Wire:N0} bytes br of {a.Raw:N0}")));

            // The SQLite database is where the image's ConnectionStrings__Default says, on the /data volume.
            Assert.True(File.Exists(image.HostPath(final, "/data/voicesite.db")), "The database is not on the /data volume.");

            // Container Apps stops a replica with SIGTERM: the site shuts down cleanly (exit code 0) well within the grace period.
            Assert.Equal(0, Kill(site.Id, Sigterm));
            var stopped = site.WaitForExitAsync();
            Assert.True(await Task.WhenAny(stopped, Task.Delay(TimeSpan.FromSeconds(30))) == stopped, "The site did not stop within 30 s of SIGTERM.");
            Assert.True(site.ExitCode == 0, $"The site exited with {site.ExitCode} after SIGTERM.\n{log}");
            output.WriteLine($"Whole test: {watch.Elapsed.TotalSeconds:0.0} s");
        }
        finally
        {
            if (!site.HasExited)
                site.Kill(entireProcessTree: true);
        }
    }

    private static async Task<bool> AnswersAsync(HttpClient http, Uri url, Process site, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline && !site.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(url);
                if (response.StatusCode == HttpStatusCode.OK)
                    return true;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        return false;
    }

    /// <summary>The project and every project it references, transitively (paths relative to the repository).</summary>
    private static IEnumerable<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>();
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current))
                continue;
            var directory = Path.GetDirectoryName(current)!;
            foreach (System.Text.RegularExpressions.Match m in ProjectReference().Matches(RepositoryFiles.Read(current)))
                pending.Push(Path.GetRelativePath(RepositoryFiles.Root, Path.GetFullPath(Path.Combine(RepositoryFiles.Root, directory, m.Groups[1].Value.Replace('\\', '/')))).Replace('\\', '/'));
        }
        return seen;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private const int Sigterm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [System.Text.RegularExpressions.GeneratedRegex(@"<ProjectReference\s+Include=""([^""]+)""")]
    private static partial System.Text.RegularExpressions.Regex ProjectReference();
}
