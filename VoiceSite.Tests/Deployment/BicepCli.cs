using System.Reflection;

namespace VoiceSite.Tests.Deployment;

/// <summary>
/// The Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 package that the test project references: restore puts
/// it in the NuGet packages folder and the package's build props name it ($(BicepPath), recorded in this assembly's
/// metadata by VoiceSite.Tests.csproj).
/// </summary>
public static class BicepCli
{
    private static readonly Lazy<string> ExecutablePath = new(Locate);

    public static string Executable => ExecutablePath.Value;

    public static Task<ProcessResult> RunAsync(params string[] arguments) =>
        ProcessRunner.RunAsync(Executable, arguments, RepositoryFiles.Root, TimeSpan.FromMinutes(3));

    private static string Locate()
    {
        var path = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "BicepPath")?.Value;
        if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
            throw new InvalidOperationException(
                $"The bicep executable was not found ('{path}'): restore VoiceSite.Tests (package Azure.Bicep.CommandLine.linux-x64 sets $(BicepPath)).");
        if (OperatingSystem.IsWindows())
            return path;
        // NuGet extracts the file with the execute bit for its owner only; make sure whoever runs the tests may run it.
        var mode = File.GetUnixFileMode(path);
        const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if ((mode & execute) != execute)
        {
            try { File.SetUnixFileMode(path, mode | execute); }
            catch (UnauthorizedAccessException) { /* not ours to change: it runs if the owner bit suffices */ }
        }
        return path;
    }
}
