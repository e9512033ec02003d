namespace VoiceSite.Voice.Tools;

/// <summary>The server-side tools this site has, by name.</summary>
public sealed class VoiceToolRegistry(IEnumerable<IVoiceTool> tools)
{
    private readonly IReadOnlyList<IVoiceTool> _tools = tools.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();

    public IReadOnlyList<IVoiceTool> All => _tools;

    public IReadOnlyCollection<string> Names => _tools.Select(t => t.Name).ToList();

    public IVoiceTool? Find(string name) => _tools.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));

    /// <summary>The known tools among <paramref name="names"/> (unknown names are dropped), in registry order.</summary>
    public IReadOnlyList<IVoiceTool> Resolve(IEnumerable<string> names)
    {
        var wanted = names.ToHashSet(StringComparer.Ordinal);
        return _tools.Where(t => wanted.Contains(t.Name)).ToList();
    }
}
