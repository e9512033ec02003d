using System.Text.Json;
using VoiceSite.Data.Entities;

namespace VoiceSite.Coaching;

/// <summary>An evaluation answer that passed every check, ready to store.</summary>
public sealed record EvaluationDraft(
    int Score,
    bool Passed,
    int PassMark,
    string Summary,
    IReadOnlyList<CriterionDraft> Criteria,
    IReadOnlyList<string> Strengths,
    IReadOnlyList<ImprovementDraft> Improvements);

public sealed record CriterionDraft(string Name, int Weight, int Score, string Comment, IReadOnlyList<EvidenceDraft> Evidence);

public sealed record EvidenceDraft(Guid TurnId, string Quote);

public sealed record ImprovementDraft(Guid TurnId, string Quote, string Advice, string BetterPhrasing);

/// <summary>The answer read, or why it cannot be shown.</summary>
public sealed record EvaluationReading(EvaluationDraft? Draft, IReadOnlyList<string> Problems, bool InventedQuotes)
{
    public bool IsValid => Draft is not null;
}

/// <summary>
/// Reads the model's structured answer and checks it before anything is stored: one score (0-100) per rubric criterion,
/// one to three pieces of evidence each, and every quote found verbatim in the transcript (re-pointed to the line that
/// holds it when the model named another). The overall score is worked out here, as the weighted mean of the criteria.
/// </summary>
public static class EvaluationReader
{
    private const int MaxText = 1000;

    public static EvaluationReading Read(string? json, IReadOnlyList<RubricCriterionSnapshot> rubric, int passMark, EvaluationTranscript transcript)
    {
        var problems = new List<string>();
        var invented = false;
        EvaluationAnswer? answer;
        try
        {
            answer = JsonSerializer.Deserialize<EvaluationAnswer>(json ?? "", JsonOptions);
        }
        catch (JsonException e)
        {
            return new EvaluationReading(null, [$"The answer is not the JSON asked for ({e.Message})."], false);
        }
        if (answer?.Criteria is null)
            return new EvaluationReading(null, ["The answer has no criteria."], false);

        TranscriptLine? Check(int turn, string? quote, string where)
        {
            if (string.IsNullOrWhiteSpace(quote))
            {
                problems.Add($"{where}: an empty quote.");
                return null;
            }
            var line = QuoteVerifier.Locate(transcript, turn, quote);
            if (line is null)
            {
                invented = true;
                problems.Add($"{where}: \"{Clip(quote, 80)}\" is not in the transcript.");
            }
            return line;
        }

        var criteria = new List<CriterionDraft>();
        foreach (var criterion in rubric)
        {
            var given = answer.Criteria.Where(c => string.Equals(c.Name?.Trim(), criterion.Name, StringComparison.OrdinalIgnoreCase)).ToList();
            if (given.Count != 1)
            {
                problems.Add($"Criterion \"{criterion.Name}\" is scored {given.Count} times, not once.");
                continue;
            }
            var c = given[0];
            if (c.Score is not { } score || score is < 0 or > 100)
            {
                problems.Add($"Criterion \"{criterion.Name}\": the score must be 0 to 100.");
                continue;
            }
            var evidence = new List<EvidenceDraft>();
            foreach (var e in c.Evidence ?? [])
            {
                if (Check(e.Turn ?? 0, e.Quote, $"Evidence for \"{criterion.Name}\"") is { } line)
                    evidence.Add(new EvidenceDraft(line.TurnId, Clip(e.Quote!.Trim(), MaxText)));
            }
            if ((c.Evidence?.Count ?? 0) is < 1 or > EvaluationSchema.MaxEvidence)
                problems.Add($"Criterion \"{criterion.Name}\" needs 1 to {EvaluationSchema.MaxEvidence} pieces of evidence.");
            criteria.Add(new CriterionDraft(criterion.Name, criterion.Weight, score, Clip(c.Comment?.Trim() ?? "", 2000), evidence));
        }
        if (answer.Criteria.Count != rubric.Count)
            problems.Add($"The answer scores {answer.Criteria.Count} criteria; the rubric has {rubric.Count}.");

        var improvements = new List<ImprovementDraft>();
        foreach (var i in answer.Improvements ?? [])
        {
            if (Check(i.Turn ?? 0, i.Quote, "An improvement") is not { } line)
                continue;
            if (string.IsNullOrWhiteSpace(i.BetterPhrasing) || string.IsNullOrWhiteSpace(i.Advice))
            {
                problems.Add("An improvement lacks its advice or better phrasing.");
                continue;
            }
            improvements.Add(new ImprovementDraft(line.TurnId, Clip(i.Quote!.Trim(), MaxText), Clip(i.Advice.Trim(), MaxText), Clip(i.BetterPhrasing.Trim(), MaxText)));
        }
        var strengths = (answer.Strengths ?? []).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => Clip(s.Trim(), MaxText)).Take(5).ToList();

        if (problems.Count > 0)
            return new EvaluationReading(null, problems, invented);

        var totalWeight = criteria.Sum(c => c.Weight);
        var overall = totalWeight <= 0 ? 0 : (int)Math.Round(criteria.Sum(c => (double)c.Score * c.Weight) / totalWeight, MidpointRounding.AwayFromZero);
        return new EvaluationReading(
            new EvaluationDraft(overall, overall >= passMark, passMark, Clip(answer.Summary?.Trim() ?? "", 2000), criteria, strengths, improvements.Take(5).ToList()),
            [], false);
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString,
    };

    private sealed record EvaluationAnswer(List<CriterionAnswer>? Criteria, List<string>? Strengths, List<ImprovementAnswer>? Improvements, string? Summary);

    private sealed record CriterionAnswer(string? Name, int? Score, string? Comment, List<EvidenceAnswer>? Evidence);

    private sealed record EvidenceAnswer(int? Turn, string? Quote);

    private sealed record ImprovementAnswer(int? Turn, string? Quote, string? Advice, string? BetterPhrasing);
}
