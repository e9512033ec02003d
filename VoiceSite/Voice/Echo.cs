namespace VoiceSite.Voice;

/// <summary>User input repeated back in a message or a log line is cut to a short prefix.</summary>
public static class Echo
{
    public const int MaxLength = 40;

    public static string Cut(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return "";
        var clean = new string(value.Take(MaxLength + 1).Select(c => char.IsControl(c) ? ' ' : c).ToArray());
        return clean.Length > MaxLength ? clean[..MaxLength] + "…" : clean;
    }
}
