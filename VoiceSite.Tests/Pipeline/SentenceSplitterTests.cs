using VoiceSite.Voice.Pipeline;

namespace VoiceSite.Tests.Pipeline;

public sealed class SentenceSplitterTests
{
    private static void AssertSplits(string text, params string[] expected)
    {
        Assert.Equal(expected, SentenceSplitter.Split(text));
        // The same result however the text arrives: one character at a time, and in uneven pieces.
        Assert.Equal(expected, Stream(text, _ => 1));
        Assert.Equal(expected, Stream(text, i => 1 + i * 7 % 5));
    }

    private static List<string> Stream(string text, Func<int, int> pieceSize)
    {
        var splitter = new SentenceSplitter();
        var result = new List<string>();
        for (int offset = 0, i = 0; offset < text.Length; i++)
        {
            var size = Math.Min(pieceSize(i), text.Length - offset);
            result.AddRange(splitter.Push(text.Substring(offset, size)));
            offset += size;
        }
        if (splitter.Flush() is { } rest)
            result.Add(rest);
        return result;
    }

    [Fact]
    public void Splits_at_full_stops_questions_and_exclamations() =>
        AssertSplits("Hello there, nice to meet you. How are you today? I am doing great!",
            "Hello there, nice to meet you.", "How are you today?", "I am doing great!");

    [Theory]
    [InlineData("Mr. Smith met Dr. Jones and Mrs. Brown at St. Mary's. They talked for an hour.",
        "Mr. Smith met Dr. Jones and Mrs. Brown at St. Mary's.", "They talked for an hour.")]
    [InlineData("Bring some fruit, e.g. Apples or Pears, i.e. Something sweet. Then we can start.",
        "Bring some fruit, e.g. Apples or Pears, i.e. Something sweet.", "Then we can start.")]
    [InlineData("It is the home team vs. The visitors tonight. Kick-off is soon.",
        "It is the home team vs. The visitors tonight.", "Kick-off is soon.")]
    [InlineData("Prof. Adams and Ms. Lee wrote it with J. K. Rowling in mind. Nobody noticed.",
        "Prof. Adams and Ms. Lee wrote it with J. K. Rowling in mind.", "Nobody noticed.")]
    [InlineData("The U.S. Army and the U.K. Navy trained together. It went well.",
        "The U.S. Army and the U.K. Navy trained together.", "It went well.")]
    [InlineData("We packed shirts, socks, etc. and then we drove to the airport.",
        "We packed shirts, socks, etc. and then we drove to the airport.")]
    [InlineData("We packed shirts, socks, books, etc. Then we drove to the airport.",
        "We packed shirts, socks, books, etc.", "Then we drove to the airport.")]
    [InlineData("The meeting starts at 9 a.m. on Monday. Please be on time.",
        "The meeting starts at 9 a.m. on Monday.", "Please be on time.")]
    [InlineData("The meeting ends around 5 p.m. Bring snacks for everyone.",
        "The meeting ends around 5 p.m.", "Bring snacks for everyone.")]
    [InlineData("She works for Acme Inc. in the city centre. It is a big company.",
        "She works for Acme Inc. in the city centre.", "It is a big company.")]
    [InlineData("Neither do I. Let us move on to the next question.",
        "Neither do I.", "Let us move on to the next question.")]
    public void Abbreviations_do_not_end_sentences(string text, params string[] expected) => AssertSplits(text, expected);

    [Theory]
    [InlineData("Pi is about 3.14 and the version is 1.5.2 today. It costs $4.99. That is cheap enough.",
        "Pi is about 3.14 and the version is 1.5.2 today.", "It costs $4.99.", "That is cheap enough.")]
    [InlineData("Visit example.com for details. The sale ends in 2025.",
        "Visit example.com for details.", "The sale ends in 2025.")]
    [InlineData("The temperature was -3.5 degrees this morning. By noon it was 12.25 degrees.",
        "The temperature was -3.5 degrees this morning.", "By noon it was 12.25 degrees.")]
    public void Numbers_decimals_and_versions_stay_whole(string text, params string[] expected) => AssertSplits(text, expected);

    [Fact]
    public void A_number_split_across_deltas_stays_whole()
    {
        var splitter = new SentenceSplitter();
        Assert.Empty(splitter.Push("The board is 3."));
        Assert.Empty(splitter.Push("14 meters long"));
        Assert.Empty(splitter.Push(" and 2."));
        Assert.Equal(["The board is 3.14 meters long and 2."], splitter.Push(" Then"));
        Assert.Equal("Then", splitter.Flush());
    }

    [Theory]
    [InlineData("I was thinking... maybe we should wait. Wait for it… The answer is yes.",
        "I was thinking... maybe we should wait.", "Wait for it…", "The answer is yes.")]
    [InlineData("Really?! That is amazing news. What happened next?",
        "Really?! That is amazing news.", "What happened next?")]
    [InlineData("\"Why not?\" she asked the driver. \"Because,\" he said.",
        "\"Why not?\" she asked the driver.", "\"Because,\" he said.")]
    [InlineData("He said \"Stop right there.\" Then he left the room. (This was an aside.) And then more text followed.",
        "He said \"Stop right there.\"", "Then he left the room.", "(This was an aside.)", "And then more text followed.")]
    [InlineData("This is **very important.** Remember that always.",
        "This is **very important.**", "Remember that always.")]
    public void Ellipses_quotes_and_brackets(string text, params string[] expected) => AssertSplits(text, expected);

    [Fact]
    public void Line_breaks_end_pieces_and_list_numbers_are_not_sentences() =>
        AssertSplits("Here are the steps:\n1. Open the box.\n2. Take out the device.\n3. Plug it in now.\n\nThat is all you need to do",
            "Here are the steps:", "1. Open the box.", "2. Take out the device.", "3. Plug it in now.", "That is all you need to do");

    [Fact]
    public void Very_short_pieces_are_merged_with_the_next() =>
        AssertSplits("Sure. I can help you with that. Yes! No? Okay then, let us go.",
            "Sure. I can help you with that.", "Yes! No? Okay then, let us go.");

    [Fact]
    public void CJK_full_stops_end_sentences() =>
        AssertSplits("今天天气很好，我们去公园散步吧。你觉得怎么样呢？我们下午三点出发好不好？好的",
            "今天天气很好，我们去公园散步吧。", "你觉得怎么样呢？我们下午三点出发好不好？", "好的");

    [Fact]
    public void Long_text_without_punctuation_is_cut_at_clause_boundaries_before_the_limit()
    {
        var clause = "we walked along the river past the old mill and the bakery";
        var text = string.Join(", ", Enumerable.Repeat(clause, 8)) + " and then home";
        var pieces = SentenceSplitter.Split(text);

        Assert.True(pieces.Count >= 3);
        Assert.All(pieces, p => Assert.InRange(p.Length, 60, SentenceSplitter.DefaultMaxLength));
        Assert.All(pieces.Take(pieces.Count - 1), p => Assert.EndsWith(",", p));
        Assert.Equal(text, string.Join(" ", pieces));
        Assert.Equal(pieces, Stream(text, i => 1 + i % 4));
    }

    [Fact]
    public void Long_text_without_any_punctuation_is_cut_between_words()
    {
        var words = Enumerable.Range(0, 120).Select(i => "word" + i).ToArray();
        var text = string.Join(" ", words);
        var pieces = SentenceSplitter.Split(text);

        Assert.True(pieces.Count >= 4);
        Assert.All(pieces, p => Assert.True(p.Length <= SentenceSplitter.DefaultMaxLength));
        Assert.Equal(words, pieces.SelectMany(p => p.Split(' ')));
        Assert.Equal(pieces, Stream(text, i => 3));
    }

    [Fact]
    public void Long_text_comes_out_as_it_streams_not_at_the_end()
    {
        var splitter = new SentenceSplitter();
        var emitted = new List<string>();
        for (var i = 0; i < 60 && emitted.Count == 0; i++)
            emitted.AddRange(splitter.Push($"word{i} "));
        Assert.Single(emitted);
        Assert.True(splitter.PendingLength < SentenceSplitter.DefaultMaxLength);
    }

    [Fact]
    public void A_single_enormous_word_is_cut_at_the_limit() =>
        Assert.Equal([new string('x', 180), new string('x', 20)], SentenceSplitter.Split(new string('x', 200)));

    [Fact]
    public void A_sentence_is_returned_as_soon_as_the_next_word_starts()
    {
        var splitter = new SentenceSplitter();
        Assert.Empty(splitter.Push("Hello there my "));
        Assert.Empty(splitter.Push("fri"));
        Assert.Empty(splitter.Push("end."));
        Assert.Empty(splitter.Push(" "));
        Assert.Equal(["Hello there my friend."], splitter.Push("H"));
        Assert.Empty(splitter.Push("ow are you"));
        Assert.Equal("How are you", splitter.Flush());
    }

    [Fact]
    public void Flush_returns_null_when_nothing_is_left_and_the_splitter_can_be_reused()
    {
        var splitter = new SentenceSplitter();
        Assert.Null(splitter.Flush());
        Assert.Empty(splitter.Push("   \n "));
        Assert.Null(splitter.Flush());
        Assert.Empty(splitter.Push("First reply here."));
        Assert.Equal("First reply here.", splitter.Flush());
        Assert.Empty(splitter.Push("1. Second reply"));
        Assert.Equal("1. Second reply", splitter.Flush());
        Assert.Empty(splitter.Push(""));
        Assert.Empty(splitter.Push(null));
    }

    [Fact]
    public void Random_delta_boundaries_never_change_the_result()
    {
        var text = "Good morning, Mr. Brown! Version 2.0.1 costs $19.99, i.e. less than before... Right? " +
                   "Here is the plan:\n1. Arrive at 8 a.m. sharp.\n2. Meet Dr. Patel (she is new.) Then lunch.\n" +
                   string.Join(" ", Enumerable.Repeat("and then we keep talking without stopping", 8)) + ". Done.";
        var expected = SentenceSplitter.Split(text);
        Assert.True(expected.Count >= 6);
        for (var seed = 0; seed < 20; seed++)
        {
            var random = new Random(seed);
            Assert.Equal(expected, Stream(text, _ => random.Next(1, 12)));
        }
    }
}
