namespace VoiceSite.Coaching;

/// <summary>
/// Where a quote begins within its turn, as a share of the turn's words (0 = the turn's start, compared as
/// <see cref="QuoteVerifier"/> compares). The replay player starts a quoted moment that far into the turn's audio:
/// an estimate that takes the turn to be spoken at an even pace, close enough to land on the quoted words.
/// </summary>
public static class QuoteMoment
{
    public static double Share(string text, string quote)
    {
        var words = QuoteVerifier.Normalize(text);
        var first = quote.Split(["...", "…"], StringSplitOptions.None).Select(QuoteVerifier.Normalize).FirstOrDefault(p => p.Length > 0);
        if (words.Length == 0 || first is null)
            return 0;
        var found = (" " + words + " ").IndexOf(" " + first + " ", StringComparison.Ordinal);
        return found <= 0 ? 0 : Math.Round((double)found / words.Length, 3);
    }
}
