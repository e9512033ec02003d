using System.Text;

namespace VoiceSite.Coaching;

/// <summary>
/// Checks that a quote is really in the transcript. Compared as words: case, punctuation, curly quotes and spacing are
/// ignored ("I'd say, well…" matches "i'd say well"); an ellipsis may join parts of one turn that follow each other.
/// </summary>
public static class QuoteVerifier
{
    /// <summary>The line holding the quote: the one it names when it is there, else the first that holds it; null when none does.</summary>
    public static TranscriptLine? Locate(EvaluationTranscript transcript, int turnNumber, string quote)
    {
        if (Normalize(quote).Length == 0)
            return null;
        if (transcript.Find(turnNumber) is { } named && Contains(named.Text, quote))
            return named;
        return transcript.Lines.FirstOrDefault(l => Contains(l.Text, quote));
    }

    /// <summary>True when every part of <paramref name="quote"/> (split at ellipses) is in <paramref name="text"/>, in order, as whole words.</summary>
    public static bool Contains(string text, string quote)
    {
        var haystack = " " + Normalize(text) + " ";
        var position = 0;
        var any = false;
        foreach (var part in quote.Split(["...", "…"], StringSplitOptions.None))
        {
            var needle = Normalize(part);
            if (needle.Length == 0)
                continue;
            var found = haystack.IndexOf(" " + needle + " ", position, StringComparison.Ordinal);
            if (found < 0)
                return false;
            position = found + needle.Length + 1;
            any = true;
        }
        return any;
    }

    /// <summary>Lower-case words (letters, digits, inner apostrophes and dots) separated by single spaces.</summary>
    public static string Normalize(string text)
    {
        var result = new StringBuilder(text.Length);
        var word = new StringBuilder();
        void Flush()
        {
            var w = word.ToString().Trim('\'', '.');
            if (w.Length > 0)
                result.Append(result.Length > 0 ? " " : "").Append(w);
            word.Clear();
        }
        foreach (var raw in text.Normalize(NormalizationForm.FormKC))
        {
            var c = raw switch { '’' or '‘' or '`' or 'ʼ' => '\'', _ => char.ToLowerInvariant(raw) };
            if (char.IsLetterOrDigit(c) || ((c == '\'' || c == '.') && word.Length > 0))
                word.Append(c);
            else
                Flush();
        }
        Flush();
        return result.ToString();
    }
}
