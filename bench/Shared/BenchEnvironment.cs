using System.Net;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace VoiceSite.Bench;

/// <summary>What every benchmark here needs around its measurements (linked into each bench project).</summary>
internal static partial class BenchEnvironment
{
    /// <summary>The machine in one line, as the results files print it.</summary>
    public static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"nproc {Environment.ProcessorCount}, CPU \"{cpu ?? "unknown"}\", " +
               $"{RuntimeInformation.OSDescription.Trim()} {RuntimeInformation.OSArchitecture}, {RuntimeInformation.FrameworkDescription}";
    }

    /// <summary>The directory holding VoiceSite.sln, searched upwards from the working directory, then from the binary.</summary>
    public static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "VoiceSite.sln")))
                    return dir.FullName;
            }
        }
        throw new InvalidOperationException("VoiceSite.sln not found above the working directory.");
    }

    /// <summary>Signs in through the real login form: GET the page, take its antiforgery token, POST.</summary>
    public static async Task SignInAsync(HttpClient http, string email, string password)
    {
        var html = await http.GetStringAsync("/Account/Login");
        var token = TokenRegex().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new InvalidOperationException("The login page has no antiforgery token.");
        using var response = await http.PostAsync("/Account/Login", new FormUrlEncodedContent(
        [
            new("Email", email),
            new("Password", password),
            new("__RequestVerificationToken", token),
        ]));
        var target = response.Headers.Location?.ToString() ?? "";
        if ((int)response.StatusCode is < 300 or >= 400 || target.Contains("/Account/Login", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Sign-in as {email} failed ({(int)response.StatusCode}).");
    }

    [GeneratedRegex(@"<input[^>]*name=""__RequestVerificationToken""[^>]*value=""([^""]+)""")]
    private static partial Regex TokenRegex();
}
