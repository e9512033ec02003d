using System.Text.RegularExpressions;

namespace VoiceSite.Tests.Deployment;

/// <summary>
/// Carries out the Dockerfile's stages without a Docker engine, each stage in a folder of its own standing for its
/// filesystem: COPY from the context (less .dockerignore) or from an earlier stage, WORKDIR, ENV, `mkdir -p`, and the
/// `dotnet` commands of RUN, exactly as written except that absolute paths point into the stage's folder. Other RUN
/// commands (apt-get, chown) need the image's own OS and are listed in <see cref="NotRun"/>.
/// </summary>
public sealed partial class ImageSimulation(Dockerfile dockerfile, string root) : IDisposable
{
    private readonly DockerIgnore _ignore = DockerIgnore.Load();

    public List<string> NotRun { get; } = [];

    public List<string> Log { get; } = [];

    public static ImageSimulation Create(Dockerfile dockerfile) =>
        new(dockerfile, Directory.CreateTempSubdirectory("voicesite-image-").FullName);

    /// <summary>Where a path of <paramref name="stage"/>'s filesystem is on this machine.</summary>
    public string HostPath(DockerStage stage, string containerPath) =>
        Path.GetFullPath(Path.Combine(root, stage.Name, containerPath.TrimStart('/')));

    public async Task RunStageAsync(DockerStage stage, TimeSpan commandTimeout)
    {
        var workdir = "/";
        Directory.CreateDirectory(HostPath(stage, workdir));
        foreach (var instruction in stage.Instructions)
        {
            switch (instruction.Keyword)
            {
                case "WORKDIR":
                    workdir = Resolve(workdir, instruction.Arguments);
                    Directory.CreateDirectory(HostPath(stage, workdir));
                    break;
                case "COPY":
                    Copy(stage, workdir, Dockerfile.Copies(stage).Single(c => c.Instruction == instruction));
                    break;
                case "RUN":
                    await RunAsync(stage, workdir, instruction, commandTimeout);
                    break;
            }
        }
    }

    /// <summary>The final stage's environment with its absolute paths pointing into that stage's folder.</summary>
    public Dictionary<string, string> RuntimeEnvironment(DockerStage stage) =>
        Dockerfile.Environment(stage).ToDictionary(e => e.Key, e => AbsolutePath().Replace(e.Value, m => MapIfPresent(stage, m.Value)));

    private string MapIfPresent(DockerStage stage, string containerPath)
    {
        var top = "/" + containerPath.TrimStart('/').Split('/')[0];
        return Directory.Exists(HostPath(stage, top)) ? HostPath(stage, containerPath) : containerPath;
    }

    private void Copy(DockerStage stage, string workdir, DockerCopy copy)
    {
        var destination = Resolve(workdir, copy.Destination);
        foreach (var source in copy.Sources)
        {
            var from = copy.FromStage is { } other ? HostPath(dockerfile.Stage(other), source) : RepositoryFiles.PathOf(source.TrimEnd('/'));
            if (Directory.Exists(from))
            {
                // A directory's contents go into the destination directory.
                CopyDirectory(from, HostPath(stage, destination), copy.FromStage is null ? source.TrimEnd('/') : null);
            }
            else if (File.Exists(from))
            {
                var target = copy.Destination.EndsWith('/') || copy.Sources.Count > 1 || copy.Destination == "."
                    ? Path.Combine(HostPath(stage, destination), Path.GetFileName(from))
                    : HostPath(stage, destination);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(from, target, overwrite: true);
            }
            else
            {
                throw new FileNotFoundException($"{copy.Instruction}: '{source}' does not exist.");
            }
        }
    }

    private void CopyDirectory(string from, string to, string? contextPrefix)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file).Replace('\\', '/');
            if (contextPrefix is not null && _ignore.IsExcluded($"{contextPrefix}/{relative}"))
                continue;
            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    private async Task RunAsync(DockerStage stage, string workdir, DockerInstruction instruction, TimeSpan timeout)
    {
        foreach (var command in instruction.Arguments.Split("&&", StringSplitOptions.TrimEntries))
        {
            var words = Dockerfile.Words(command);
            if (words[0] == "dotnet")
            {
                var arguments = words.Skip(1).Select(w => w.StartsWith('/') ? HostPath(stage, w) : w).ToList();
                var started = DateTime.UtcNow;
                var result = await ProcessRunner.RunAsync("dotnet", arguments, HostPath(stage, workdir), timeout, BuildEnvironment());
                Log.Add($"{command}: exit {result.ExitCode} after {(DateTime.UtcNow - started).TotalSeconds:0.0} s");
                Assert.True(result.ExitCode == 0, result.Describe($"{instruction} ({command})"));
            }
            else if (words is ["mkdir", "-p", ..])
            {
                foreach (var path in words.Skip(2))
                    Directory.CreateDirectory(HostPath(stage, Resolve(workdir, path)));
            }
            else
            {
                NotRun.Add($"{stage.Name}: {command}");
            }
        }
    }

    /// <summary>
    /// A container's build environment: no variables from the test runner (MSBuild's own would steer the child build).
    /// No MSBuild nodes are left waiting for reuse after the test (in a container they end with it); the compiler
    /// server is used as in a container build (it stops by itself when idle).
    /// </summary>
    private static Dictionary<string, string> BuildEnvironment()
    {
        var environment = ProcessRunner.MinimalEnvironment();
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        return environment;
    }

    /// <summary>A container path made absolute against the working directory, "." and ".." resolved.</summary>
    private static string Resolve(string workdir, string path) =>
        Path.GetFullPath(path.StartsWith('/') ? path : Path.Combine(workdir, path), "/").TrimEnd('/') is { Length: > 0 } resolved ? resolved : "/";

    public void Dispose()
    {
        try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [GeneratedRegex(@"(?<![\w.])/[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*")]
    private static partial Regex AbsolutePath();
}
