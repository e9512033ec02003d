namespace VoiceSite.Hosting;

/// <summary>
/// The flat environment names of the app VoiceSite replaces (AZURE_OPENAI_REALTIME_ENDPOINT, ...) keep working:
/// each is exposed under the hierarchical key the options classes bind (Realtime:Endpoint, ...).
/// A flat name, when present, wins over the hierarchical one.
/// </summary>
public static class LegacySettingNames
{
    /// <summary>Flat name -> hierarchical key.</summary>
    public static readonly IReadOnlyDictionary<string, string> Map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["AZURE_OPENAI_REALTIME_ENDPOINT"] = "Realtime:Endpoint",
        ["AZURE_OPENAI_REALTIME_KEY"] = "Realtime:Key",
        ["AZURE_OPENAI_REALTIME_DEPLOYMENT"] = "Realtime:Deployment",
        ["USE_REALTIME_API"] = "Realtime:Enabled",
        ["AZURE_OPENAI_ENDPOINT"] = "Chat:Endpoint",
        ["AZURE_OPENAI_KEY"] = "Chat:Key",
        ["AZURE_OPENAI_CHAT_DEPLOYMENT"] = "Chat:Deployment",
        ["AZURE_SPEECH_REGION"] = "Speech:Region",
        ["AZURE_SPEECH_KEY"] = "Speech:Key",
        ["AZURE_SPEECH_STT_ENDPOINT"] = "Speech:SttEndpoint",
        ["AZURE_SPEECH_TTS_ENDPOINT"] = "Speech:TtsEndpoint",
    };

    /// <summary>The flat name for a hierarchical key, for error messages ("AZURE_SPEECH_KEY").</summary>
    public static string FlatNameOf(string key) =>
        Map.FirstOrDefault(kv => string.Equals(kv.Value, key, StringComparison.OrdinalIgnoreCase)).Key ?? key;

    public static IConfigurationManager AddLegacySettingNames(this IConfigurationManager configuration)
    {
        configuration.Sources.Add(new Source(configuration));
        return configuration;
    }

    private sealed class Source(IConfiguration root) : IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(root);
    }

    /// <summary>Reads through to the flat names on every lookup, so sources added later are seen too.</summary>
    private sealed class Provider(IConfiguration root) : ConfigurationProvider
    {
        private static readonly Dictionary<string, string> Reverse =
            Map.ToDictionary(kv => kv.Value, kv => kv.Key, StringComparer.OrdinalIgnoreCase);

        public override bool TryGet(string key, out string? value)
        {
            value = Reverse.TryGetValue(key, out var flat) ? root[flat] : null;
            return value is not null;
        }

        public override IEnumerable<string> GetChildKeys(IEnumerable<string> earlierKeys, string? parentPath)
        {
            var prefix = parentPath is null ? "" : parentPath + ConfigurationPath.KeyDelimiter;
            var mine = Reverse
                .Where(kv => kv.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && root[kv.Value] is not null)
                .Select(kv => kv.Key[prefix.Length..].Split(ConfigurationPath.KeyDelimiter)[0]);
            return earlierKeys.Concat(mine).Order(ConfigurationKeyComparer.Instance);
        }
    }
}
