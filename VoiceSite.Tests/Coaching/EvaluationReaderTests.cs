using System.Text.Json;
using VoiceSite.Coaching;
using VoiceSite.Data.Entities;

namespace VoiceSite.Tests.Coaching;

/// <summary>The checks an evaluation answer must pass before it is stored; quotes compared sensibly but never invented.</summary>
public sealed class EvaluationReaderTests
{
    private static readonly List<Turn> Turns =
    [
        new() { Role = TurnRole.Assistant, Text = "Why do you want this job?" },
        new() { Role = TurnRole.User, Text = "Honestly? I’d say the team — and, well, the product." },
        new() { Role = TurnRole.Tool, Text = "The AI ended the role-play." },
        new() { Role = TurnRole.User, Text = "(not transcribed)" },
        new() { Role = TurnRole.User, Text = "We cut costs by 20%, then grew revenue." },
    ];

    private static readonly EvaluationTranscript Transcript = EvaluationTranscript.From(Turns);

    private static readonly List<RubricCriterionSnapshot> Rubric =
    [
        new() { Name = "Clarity", Weight = 2 },
        new() { Name = "Evidence", Weight = 1 },
    ];

    private static string Answer(object? clarityEvidence = null, object? improvements = null, int clarityScore = 90, params object[] extraCriteria) =>
        JsonSerializer.Serialize(new
        {
            criteria = new object[]
            {
                new { name = "Clarity", score = clarityScore, comment = "Clear.", evidence = clarityEvidence ?? new[] { new { turn = 2, quote = "i'd say the team, and well the product" } } },
                new { name = "evidence", score = 60, comment = "Some.", evidence = new[] { new { turn = 3, quote = "cut costs by 20% ... grew revenue" } } },
            }.Concat(extraCriteria),
            strengths = new[] { "You were direct." },
            improvements = improvements ?? new[] { new { turn = 3, quote = "We cut costs by 20%", advice = "Say how.", better_phrasing = "I renegotiated two contracts." } },
            summary = "Good start.",
        });

    [Fact]
    public void The_transcript_leaves_out_tool_turns_and_untranscribed_speech_and_numbers_the_rest()
    {
        Assert.Equal([1, 2, 3], Transcript.Lines.Select(l => l.Number));
        Assert.Equal(Turns[4].Id, Transcript.Find(3)!.TurnId);
        Assert.Equal("[1] AI: Why do you want this job?\n[2] Learner: Honestly? I’d say the team — and, well, the product.\n[3] Learner: We cut costs by 20%, then grew revenue.\n",
            Transcript.Format().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_valid_answer_is_read_with_quotes_matched_loosely_and_the_weighted_score_worked_out_here()
    {
        var reading = EvaluationReader.Read(Answer(), Rubric, passMark: 80, Transcript);

        Assert.True(reading.IsValid, string.Join(" ", reading.Problems));
        var draft = reading.Draft!;
        Assert.Equal(80, draft.Score); // (90 x 2 + 60 x 1) / 3
        Assert.True(draft.Passed);
        Assert.Equal([Turns[1].Id], draft.Criteria[0].Evidence.Select(e => e.TurnId));
        Assert.Equal(Turns[4].Id, draft.Criteria[1].Evidence.Single().TurnId);
        Assert.Equal("I renegotiated two contracts.", draft.Improvements.Single().BetterPhrasing);
    }

    [Fact]
    public void A_quote_given_the_wrong_turn_is_pointed_at_the_turn_that_holds_it()
    {
        var reading = EvaluationReader.Read(Answer(clarityEvidence: new[] { new { turn = 1, quote = "We cut costs" } }), Rubric, 70, Transcript);
        Assert.Equal(Turns[4].Id, reading.Draft!.Criteria[0].Evidence.Single().TurnId);
    }

    [Theory]
    [InlineData("We cut costs by 30%")]
    [InlineData("I never said this")]
    [InlineData("the product ... the team")] // real words, wrong order
    [InlineData("The AI ended the role-play.")] // a tool turn is not part of the transcript
    public void An_invented_quote_makes_the_answer_invalid(string quote)
    {
        var reading = EvaluationReader.Read(Answer(clarityEvidence: new[] { new { turn = 2, quote } }), Rubric, 70, Transcript);
        Assert.False(reading.IsValid);
        Assert.True(reading.InventedQuotes);
        Assert.Contains(reading.Problems, p => p.Contains("is not in the transcript", StringComparison.Ordinal));
    }

    [Fact]
    public void Scores_out_of_range_missing_or_extra_criteria_and_bad_json_are_rejected_without_claiming_invented_quotes()
    {
        Assert.False(EvaluationReader.Read(Answer(clarityScore: 101), Rubric, 70, Transcript).IsValid);
        var extra = EvaluationReader.Read(Answer(null, null, 90, new { name = "Charm", score = 50, comment = "", evidence = new[] { new { turn = 2, quote = "the team" } } }), Rubric, 70, Transcript);
        Assert.False(extra.IsValid);
        Assert.False(extra.InventedQuotes);
        Assert.False(EvaluationReader.Read(Answer(clarityEvidence: Array.Empty<object>()), Rubric, 70, Transcript).IsValid);
        Assert.False(EvaluationReader.Read("not json", Rubric, 70, Transcript).IsValid);
        Assert.False(EvaluationReader.Read("""{"criteria":[]}""", Rubric, 70, Transcript).IsValid);
    }

    [Theory]
    [InlineData("Hello, World!", "hello world", true)]
    [InlineData("It’s fine.", "it's FINE", true)]
    [InlineData("(2.3 s of speech)", "(2.3 s of speech)", true)]
    [InlineData("catalogue", "cat", false)] // whole words only
    [InlineData("one two three", "one … three", true)]
    [InlineData("one two three", "...", false)]
    public void Quotes_are_compared_as_words(string text, string quote, bool found) =>
        Assert.Equal(found, QuoteVerifier.Contains(text, quote));
}
