using System.Text.RegularExpressions;

namespace VoiceSite.Load;

/// <summary>
/// The runtime settings the container image gives the site (<c>ENV DOTNET_...</c> in the Dockerfile's final stage), so the
/// benchmark measures the site as it ships; some runtime settings exist only as environment variables.
/// </summary>
internal static partial class ImageEnvironment
{
    public static Dictionary<string, string> RuntimeSettings(string repositoryRoot)
    {
        var dockerfile = File.ReadAllText(Path.Combine(repositoryRoot, "Dockerfile"));
        var finalStage = dockerfile[dockerfile.LastIndexOf("\nFROM ", StringComparison.Ordinal)..];
        var settings = new Dictionary<string, string>();
        foreach (var instruction in Regex.Split(finalStage.Replace("\\\n", " "), "\n"))
        {
            if (!instruction.StartsWith("ENV ", StringComparison.Ordinal))
                continue;
            foreach (Match m in Setting().Matches(instruction))
                settings[m.Groups["key"].Value] = m.Groups["value"].Value.Trim('"');
        }
        return settings;
    }

    [GeneratedRegex("""(?<key>DOTNET_[A-Za-z0-9_]+)=(?<value>"[^"]*"|\S+)""")]
    private static partial Regex Setting();
}
