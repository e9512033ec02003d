using System.Security;
using System.Text;
using System.Text.RegularExpressions;

namespace VoiceSite.Voice.Pipeline;

/// <summary>The SSML document for one synthesis.</summary>
public static partial class Ssml
{
    /// <summary>
    /// <c>&lt;speak version="1.0" xmlns=".../synthesis" xml:lang="..."&gt;&lt;voice name="..."&gt;text&lt;/voice&gt;&lt;/speak&gt;</c>
    /// with the text and names XML-escaped and characters XML does not allow removed.
    /// </summary>
    public static string Build(string text, string voice, string language) =>
        "<speak version=\"1.0\" xmlns=\"http://www.w3.org/2001/10/synthesis\" xml:lang=\"" + Escape(language) + "\">" +
        "<voice name=\"" + Escape(voice) + "\">" + Escape(text) + "</voice></speak>";

    /// <summary>The locale a voice name starts with (<c>en-US-JennyNeural</c> -> <c>en-US</c>, <c>sr-Latn-RS-NicholasNeural</c> -> <c>sr-Latn-RS</c>).</summary>
    public static string? LocaleOf(string voice)
    {
        var match = VoiceLocale().Match(voice);
        return match.Success ? match.Groups[1].Value : null;
    }

    private static string Escape(string value)
    {
        var clean = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '\t' or '\n' or '\r' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF))
                clean.Append(c);
            else
                clean.Append(' ');
        }
        return SecurityElement.Escape(clean.ToString());
    }

    [GeneratedRegex(@"^([a-z]{2,3}(?:-[A-Za-z]{4})?-[A-Z]{2})-")]
    private static partial Regex VoiceLocale();
}
