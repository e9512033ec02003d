namespace VoiceSite.Voice.Pipeline;

/// <summary>
/// Cuts a streamed chat reply into pieces for text-to-speech: feed the text deltas as they arrive with
/// <see cref="Push"/>, which returns each sentence as soon as it is known to be complete; <see cref="Flush"/> returns
/// the rest when the stream ends. Not thread-safe: one instance per reply.
/// </summary>
/// <remarks>
/// <para>A sentence ends at <c>. ! ?</c> or an ellipsis (also with closing quotes, brackets or <c>**</c> after it)
/// followed by white space and a word that does not start with a lower-case letter; or at a line break (paragraphs,
/// list items). CJK full stops end a sentence without white space.</para>
/// <para>Not sentence ends: abbreviations (<c>Mr. Mrs. Ms. Dr. Prof. St. vs. e.g. i.e. cf.</c>, single-letter initials,
/// upper-case initialisms like <c>U.S.</c>); <c>etc. a.m. p.m. Inc. Ltd. Jr.</c> only when the next word is capitalised;
/// a dot inside a number or name (<c>3.14</c>, <c>1.5.2</c>, <c>$4.99</c>, <c>example.com</c>); a list number at the
/// start of a line (<c>1. First</c>).</para>
/// <para>Whether a <c>.</c> ends a sentence depends on the next word, so a sentence comes out when the first
/// character of the next word arrives (or at <see cref="Flush"/>).</para>
/// <para>Pieces shorter than <see cref="MinLength"/> characters are merged with what follows (fewer, better-sounding
/// TTS requests). Text that runs past <see cref="MaxLength"/> characters without a sentence end is cut anyway so that
/// speech can start: at the last clause boundary (<c>, ; :</c> or a dash) in the second half of the window, else at
/// the last space, never inside a word unless a single "word" is longer than the window.</para>
/// <para>The output does not depend on how the text is cut into deltas.</para>
/// </remarks>
public sealed class SentenceSplitter
{
    public const int DefaultMinLength = 12;
    public const int DefaultMaxLength = 180;

    // Never end a sentence (titles, Latin abbreviations that introduce something).
    private static readonly HashSet<string> NeverFinal = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "mx", "dr", "prof", "st", "sr", "jr", "vs", "v", "e.g", "i.e", "cf", "approx", "fig",
        "no", "nos", "vol", "pp", "ca", "gen", "col", "capt", "lt", "sgt", "rev", "hon", "mt", "ft", "ave", "dept",
        "est", "ph.d", "viz", "al",
    };

    // End a sentence only when the next word is capitalised ("at 5 p.m. Then ..." but not "at 5 p.m. on Monday").
    private static readonly HashSet<string> FinalIfCapitalised = new(StringComparer.OrdinalIgnoreCase)
    {
        "etc", "a.m", "p.m", "inc", "ltd", "co", "corp", "llc", "plc", "bros",
    };

    private string _pending = "";
    private bool _pendingAtLineStart = true; // _pending starts at the beginning of a line

    public SentenceSplitter(int minLength = DefaultMinLength, int maxLength = DefaultMaxLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, Math.Max(20, minLength * 2));
        MinLength = minLength;
        MaxLength = maxLength;
    }

    public int MinLength { get; }
    public int MaxLength { get; }

    /// <summary>Characters received but not yet returned.</summary>
    public int PendingLength => _pending.Length;

    /// <summary>Splits a whole text at once (same result as pushing it in any pieces and flushing).</summary>
    public static IReadOnlyList<string> Split(string text, int minLength = DefaultMinLength, int maxLength = DefaultMaxLength)
    {
        var splitter = new SentenceSplitter(minLength, maxLength);
        var result = new List<string>(splitter.Push(text));
        if (splitter.Flush() is { } rest)
            result.Add(rest);
        return result;
    }

    /// <summary>Adds a text delta; returns the sentences it completed, in order (usually none or one).</summary>
    public IReadOnlyList<string> Push(string? delta)
    {
        if (string.IsNullOrEmpty(delta))
            return [];
        _pending = _pending.Length == 0 ? TrimLeading(delta, afterCut: false) : _pending + delta;

        List<string>? sentences = null;
        while (NextCut() is int cut)
        {
            var sentence = _pending[..cut].TrimEnd();
            _pending = TrimLeading(_pending[cut..], afterCut: true);
            if (sentence.Length > 0)
                (sentences ??= []).Add(sentence);
        }
        return sentences ?? (IReadOnlyList<string>)[];
    }

    /// <summary>Ends the reply: returns what is left (trimmed), or null if nothing is. The splitter can then be reused.</summary>
    public string? Flush()
    {
        var rest = _pending.Trim();
        _pending = "";
        _pendingAtLineStart = true;
        return rest.Length == 0 ? null : rest;
    }

    /// <summary>Where the next piece ends (exclusive), or null to wait for more text.</summary>
    private int? NextCut()
    {
        var text = _pending;
        var limit = Math.Min(text.Length, MaxLength + 1);
        for (var i = 0; i < limit; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                if (LongEnough(text, i))
                    return i;
                continue;
            }
            if (IsCjkTerminator(c))
            {
                var end = SkipClosers(text, i + 1);
                if (end == text.Length)
                    return null; // a closing quote may still come
                if (LongEnough(text, end))
                    return end;
                i = end - 1;
                continue;
            }
            if (!IsTerminator(c))
                continue;

            var runEnd = i;
            while (runEnd < text.Length && IsTerminator(text[runEnd]))
                runEnd++;
            var afterClosers = SkipClosers(text, runEnd);
            if (afterClosers == text.Length)
                return null; // "3." could become "3.14": wait
            if (!char.IsWhiteSpace(text[afterClosers]))
            {
                i = afterClosers - 1; // inside a number, name or URL
                continue;
            }
            var next = afterClosers;
            var lineBreak = false;
            while (next < text.Length && char.IsWhiteSpace(text[next]))
                lineBreak |= text[next++] == '\n';
            if (next == text.Length && !lineBreak)
                return null; // the next word decides
            if ((lineBreak || EndsSentence(text, i, runEnd, text[next])) && LongEnough(text, afterClosers))
                return afterClosers;
            i = afterClosers - 1;
        }
        return text.Length > MaxLength ? ForcedCut(text) : null;
    }

    private bool LongEnough(string text, int cut) => text.AsSpan(0, cut).TrimEnd().Length >= MinLength;

    /// <summary>Decides a <c>.</c>, <c>!</c>, <c>?</c> or ellipsis at [start, end) followed by white space and <paramref name="next"/>.</summary>
    private bool EndsSentence(string text, int start, int end, char next)
    {
        if (char.IsLower(next))
            return false; // "e.g. apples", "Why?" she asked, "I was thinking... maybe"
        if (end - start > 1 || text[start] != '.')
            return true;  // ?, !, ?!, ..., …

        var wordStart = start;
        while (wordStart > 0 && !char.IsWhiteSpace(text[wordStart - 1]))
            wordStart--;
        var word = text.AsSpan(wordStart, start - wordStart).TrimStart("\"'“‘([{«*_");
        if (word.IsEmpty)
            return true;
        if (IsListNumber(text, wordStart, word))
            return false;
        if (word.Length == 1 && char.IsUpper(word[0]) && word[0] != 'I')
            return false; // an initial: "J. K. Rowling"
        var key = word.ToString();
        if (NeverFinal.Contains(key))
            return false;
        if (IsInitialism(word))
            return char.IsLower(word[0]) && char.IsUpper(next); // "a.m." like; "U.S." never ends a sentence
        if (FinalIfCapitalised.Contains(key))
            return char.IsUpper(next);
        return true;
    }

    /// <summary>"1." or "12." alone at the start of a line: a list item, not a sentence.</summary>
    private bool IsListNumber(string text, int wordStart, ReadOnlySpan<char> word)
    {
        if (word.Length is 0 or > 3 || word.ContainsAnyExcept("0123456789"))
            return false;
        for (var p = wordStart - 1; p >= 0; p--)
        {
            if (text[p] == '\n')
                return true;
            if (!char.IsWhiteSpace(text[p]))
                return false;
        }
        return _pendingAtLineStart;
    }

    /// <summary>Letters separated by dots: "U.S", "e.g", "a.m", "U.K".</summary>
    private static bool IsInitialism(ReadOnlySpan<char> word)
    {
        if (word.Length < 3 || word.Length % 2 == 0)
            return false;
        for (var k = 0; k < word.Length; k++)
        {
            if (k % 2 == 0 ? !char.IsLetter(word[k]) : word[k] != '.')
                return false;
        }
        return true;
    }

    /// <summary>No sentence end within <see cref="MaxLength"/>: cut at a clause boundary or between words.</summary>
    private int ForcedCut(string text)
    {
        int clause = -1, space = -1;
        for (var p = 1; p <= MaxLength; p++)
        {
            var previous = text[p - 1];
            if (previous is '—' or '–' && !char.IsWhiteSpace(text[p]))
            {
                clause = p; // "word—word": after the dash
                continue;
            }
            if (!char.IsWhiteSpace(text[p]) || char.IsWhiteSpace(previous))
                continue;
            space = p;
            if (previous is ',' or ';' or ':' or '—' or '–' || (previous == '-' && p >= 2 && char.IsWhiteSpace(text[p - 2])))
                clause = p;
        }
        if (clause >= MaxLength / 2)
            return clause;
        return space > 0 ? space : MaxLength;
    }

    /// <summary>Drops leading white space; notes whether what is left starts a line.</summary>
    private string TrimLeading(string text, bool afterCut)
    {
        if (afterCut)
            _pendingAtLineStart = false; // mid-line after a sentence, unless a line break follows
        var start = 0;
        while (start < text.Length && char.IsWhiteSpace(text[start]))
        {
            if (text[start] == '\n')
                _pendingAtLineStart = true;
            start++;
        }
        return start == 0 ? text : text[start..];
    }

    private static int SkipClosers(string text, int index)
    {
        while (index < text.Length && text[index] is '"' or '\'' or '”' or '’' or ')' or ']' or '}' or '»' or '*' or '_' or '`' or '」' or '』')
            index++;
        return index;
    }

    private static bool IsTerminator(char c) => c is '.' or '!' or '?' or '…';

    private static bool IsCjkTerminator(char c) => c is '。' or '！' or '？';
}
