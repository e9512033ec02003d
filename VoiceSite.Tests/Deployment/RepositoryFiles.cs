namespace VoiceSite.Tests.Deployment;

/// <summary>Files of the checkout the tests were built from (found by walking up to VoiceSite.sln).</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "VoiceSite.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException($"No VoiceSite.sln above {AppContext.BaseDirectory}.");
    }
}
