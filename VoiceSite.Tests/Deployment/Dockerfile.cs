using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace VoiceSite.Tests.Deployment;

public sealed record DockerInstruction(string Keyword, string Arguments, int Line)
{
    public override string ToString() => $"line {Line}: {Keyword} {Arguments}";
}

public sealed record DockerStage(string Name, string BaseImage, IReadOnlyList<DockerInstruction> Instructions);

/// <summary>A COPY: sources (context paths, or paths in <see cref="FromStage"/>), destination, and the stage it copies from.</summary>
public sealed record DockerCopy(IReadOnlyList<string> Sources, string Destination, string? FromStage, DockerInstruction Instruction);

/// <summary>The repository's Dockerfile, read instruction by instruction (the subset of the syntax it uses).</summary>
public sealed partial class Dockerfile
{
    private Dockerfile(IReadOnlyList<DockerStage> stages) => Stages = stages;

    public IReadOnlyList<DockerStage> Stages { get; }

    public DockerStage Final => Stages[^1];

    public static Dockerfile Load(string relative = "Dockerfile") => Parse(RepositoryFiles.Read(relative));

    public static Dockerfile Parse(string text)
    {
        var stages = new List<DockerStage>();
        List<DockerInstruction>? current = null;
        foreach (var instruction in Instructions(text))
        {
            if (instruction.Keyword == "FROM")
            {
                var parts = instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                current = [];
                var name = parts.Length == 3 && parts[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? parts[2] : stages.Count.ToString();
                stages.Add(new DockerStage(name, parts[0], current));
            }
            else
            {
                (current ?? throw new FormatException($"{instruction} comes before FROM.")).Add(instruction);
            }
        }
        return new Dockerfile(stages);
    }

    public DockerStage Stage(string name) => Stages.Single(s => s.Name == name);

    public static IEnumerable<DockerCopy> Copies(DockerStage stage) =>
        stage.Instructions.Where(i => i.Keyword == "COPY").Select(i =>
        {
            var words = Words(i.Arguments);
            var from = words.FirstOrDefault(w => w.StartsWith("--from=", StringComparison.Ordinal))?["--from=".Length..];
            var paths = words.Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToList();
            return new DockerCopy(paths[..^1], paths[^1], from, i);
        });

    /// <summary>The variables the stage's ENV instructions set, in order (a later one wins).</summary>
    public static Dictionary<string, string> Environment(DockerStage stage)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var instruction in stage.Instructions.Where(i => i.Keyword == "ENV"))
        {
            var words = Words(instruction.Arguments);
            if (words.Count == 2 && !words[0].Contains('='))
                environment[words[0]] = words[1]; // legacy "ENV key value"
            else
                foreach (var word in words)
                    environment[word[..word.IndexOf('=')]] = word[(word.IndexOf('=') + 1)..];
        }
        return environment;
    }

    /// <summary>The port the image serves on: ASPNETCORE_HTTP_PORTS of the final stage, which EXPOSE must match.</summary>
    public int HttpPort
    {
        get
        {
            var port = int.Parse(Environment(Final)["ASPNETCORE_HTTP_PORTS"]);
            var exposed = Final.Instructions.Where(i => i.Keyword == "EXPOSE").Select(i => int.Parse(i.Arguments.Split('/')[0]));
            Assert.Contains(port, exposed);
            return port;
        }
    }

    public static string? WorkingDirectoryAfter(DockerStage stage) =>
        stage.Instructions.LastOrDefault(i => i.Keyword == "WORKDIR")?.Arguments;

    public static IReadOnlyList<string> ExecForm(DockerInstruction instruction) =>
        JsonSerializer.Deserialize<string[]>(instruction.Arguments) ?? throw new FormatException($"{instruction} is not in exec form.");

    /// <summary>The URL the HEALTHCHECK asks (its command's http URL).</summary>
    public string HealthCheckUrl =>
        HttpUrl().Match(Final.Instructions.Single(i => i.Keyword == "HEALTHCHECK").Arguments) is { Success: true } m
            ? m.Value : throw new FormatException("The HEALTHCHECK has no http URL.");

    private static IEnumerable<DockerInstruction> Instructions(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var builder = new StringBuilder();
        var start = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (builder.Length == 0 && (line.Length == 0 || line.StartsWith('#')))
                continue;
            if (builder.Length == 0)
                start = i + 1;
            if (line.StartsWith('#'))
                continue; // a comment inside a continued instruction
            var continued = line.EndsWith('\\');
            builder.Append(continued ? line[..^1] : line).Append(' ');
            if (continued)
                continue;
            var whole = builder.ToString().Trim();
            builder.Clear();
            var space = whole.IndexOf(' ');
            yield return new DockerInstruction(whole[..space].ToUpperInvariant(), whole[(space + 1)..].Trim(), start);
        }
    }

    /// <summary>Splits on spaces outside double quotes, removing the quotes (as ENV and COPY read their arguments).</summary>
    public static List<string> Words(string arguments)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var quoted = false;
        var any = false;
        foreach (var c in arguments)
        {
            if (c == '"') { quoted = !quoted; any = true; continue; }
            if (c == ' ' && !quoted)
            {
                if (any) words.Add(word.ToString());
                word.Clear();
                any = false;
                continue;
            }
            word.Append(c);
            any = true;
        }
        if (any) words.Add(word.ToString());
        return words;
    }

    [GeneratedRegex(@"https?://[^\s""']+")]
    private static partial Regex HttpUrl();
}

/// <summary>The build context's .dockerignore: which context paths Docker leaves out (no '!' exceptions are used).</summary>
public sealed class DockerIgnore
{
    private readonly List<Regex> _patterns;

    private DockerIgnore(List<Regex> patterns) => _patterns = patterns;

    public static DockerIgnore Load(string relative = ".dockerignore")
    {
        var lines = RepositoryFiles.Read(relative).ReplaceLineEndings("\n").Split('\n')
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.DoesNotContain(lines, l => l.StartsWith('!')); // exceptions are not modelled here
        return new DockerIgnore(lines.Select(ToRegex).ToList());
    }

    /// <summary>Whether a context path (forward slashes, relative) or one of its parent folders is ignored.</summary>
    public bool IsExcluded(string relativePath)
    {
        var parts = relativePath.Split('/');
        for (var i = 1; i <= parts.Length; i++)
        {
            var prefix = string.Join('/', parts[..i]);
            if (_patterns.Any(p => p.IsMatch(prefix)))
                return true;
        }
        return false;
    }

    private static Regex ToRegex(string pattern)
    {
        var body = new StringBuilder("^");
        pattern = pattern.TrimEnd('/').TrimStart('/');
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                var slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                body.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (pattern[i] == '*') body.Append("[^/]*");
            else if (pattern[i] == '?') body.Append("[^/]");
            else body.Append(Regex.Escape(pattern[i].ToString()));
        }
        return new Regex(body.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
