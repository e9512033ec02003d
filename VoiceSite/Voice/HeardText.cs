namespace VoiceSite.Voice;

/// <summary>The part of an assistant reply the user actually heard before cutting it off.</summary>
public static class HeardText
{
    /// <summary>
    /// The words of <paramref name="text"/> that fit in the first <paramref name="heardMs"/> of
    /// <paramref name="totalMs"/> of audio (proportional to characters, cut at a word boundary).
    /// </summary>
    public static string Cut(string text, double heardMs, double totalMs)
    {
        if (string.IsNullOrEmpty(text) || totalMs <= 0 || heardMs >= totalMs)
            return heardMs > 0 || totalMs <= 0 ? text : "";
        if (heardMs <= 0)
            return "";
        var chars = (int)Math.Round(text.Length * heardMs / totalMs);
        if (chars >= text.Length)
            return text;
        // Keep a word only if it was (nearly) finished.
        var end = chars;
        while (end < text.Length && end - chars < 3 && !char.IsWhiteSpace(text[end]))
            end++;
        if (end < text.Length && !char.IsWhiteSpace(text[end]))
            end = text.LastIndexOf(' ', Math.Max(0, chars - 1)) is var space and >= 0 ? space : 0;
        return text[..end].TrimEnd();
    }
}
