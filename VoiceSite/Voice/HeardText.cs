namespace VoiceSite.Voice;

/// <summary>The part of an assistant reply the user actually heard before cutting it off.</summary>
public static class HeardText
{
    /// <summary>Stored as the text of a reply cut off before its first word was heard (never an empty AI turn).</summary>
    public const string NoWordsHeard = "(interrupted before any words)";

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

    /// <summary>The text to store for what was heard: the words, or <see cref="NoWordsHeard"/> when none were.</summary>
    public static string OrNoWords(string heard) => string.IsNullOrWhiteSpace(heard) ? NoWordsHeard : heard;
}

/// <summary>
/// How many milliseconds of speech a character of reply text takes, learned from the replies of one session
/// whose whole audio arrived (voices differ), so the heard part of a reply whose text ran ahead of its audio can
/// be estimated from the audio played. Starts at a typical neural voice's pace (about 15 characters a second).
/// </summary>
public sealed class SpeakingRate
{
    public const double TypicalMsPerCharacter = 65;
    private double _msPerCharacter = TypicalMsPerCharacter;

    public double MsPerCharacter => Volatile.Read(ref _msPerCharacter);

    /// <summary>Learns from a reply whose text and audio are both complete.</summary>
    public void Observe(int characters, double audioMs)
    {
        if (characters < 20 || audioMs <= 0)
            return; // too short to say anything about the pace
        var observed = Math.Clamp(audioMs / characters, 25, 200);
        Volatile.Write(ref _msPerCharacter, 0.5 * MsPerCharacter + 0.5 * observed);
    }

    /// <summary>The expected length of the whole spoken <paramref name="text"/>, never less than the audio already known.</summary>
    public double ExpectedMs(string text, double audioMsSoFar) => Math.Max(audioMsSoFar, text.Length * MsPerCharacter);
}
