using VoiceSite.Data.Entities;

namespace VoiceSite.Dashboard;

/// <summary>What the admin dashboard shows for a period of <see cref="Days"/> UTC days ending today.</summary>
public sealed record DashboardFigures(
    int Days,
    IReadOnlyList<DayFigures> PerDay,
    IReadOnlyList<LatencyFigures> LastDay,
    IReadOnlyList<LatencyFigures> LastWeek,
    IReadOnlyList<ScenarioCost> Costs,
    IReadOnlyList<ErrorCount> Errors,
    string Currency)
{
    public int UserTurns => PerDay.Sum(d => d.UserTurns);
    public int UpstreamErrors => PerDay.Sum(d => d.UpstreamErrors);

    /// <summary>Upstream errors per 100 user turns over the period; null without turns.</summary>
    public double? ErrorsPer100Turns => UserTurns == 0 ? null : 100.0 * UpstreamErrors / UserTurns;

    public decimal TotalCost => Costs.Sum(c => c.Cost);

    /// <summary>Every scenario's figures added up (the cost table's last row).</summary>
    public ScenarioCost CostTotals => new("Total", Costs.Sum(c => c.Replies), Costs.Sum(c => c.InputTokens), Costs.Sum(c => c.OutputTokens),
        Costs.Sum(c => c.RepliesCost), Costs.Sum(c => c.SttAudioMs), Costs.Sum(c => c.SttCost), Costs.Sum(c => c.TtsCharacters),
        Costs.Sum(c => c.TtsCost), Costs.Sum(c => c.Scored), Costs.Sum(c => c.ScoringInputTokens), Costs.Sum(c => c.ScoringOutputTokens),
        Costs.Sum(c => c.ScoringCost));
}

/// <summary>One UTC day: turns stored (both roles) by mode, voice minutes used, and upstream errors.</summary>
public sealed record DayFigures(DateOnly Day, int RealtimeTurns, int PipelineTurns, int UserTurns, double VoiceMinutes, int UpstreamErrors)
{
    /// <summary>Upstream errors per 100 user turns (utterances) that day; null without turns.</summary>
    public double? ErrorsPer100Turns => UserTurns == 0 ? null : 100.0 * UpstreamErrors / UserTurns;
}

/// <summary>The latency figures measured on turns.</summary>
public enum LatencyMeasure
{
    /// <summary>End of the user's speech to the first reply audio sent to the browser (both modes).</summary>
    Response,
    /// <summary>Pipeline: end of speech to the speech-to-text result.</summary>
    SpeechToText,
    /// <summary>Pipeline: chat request to its first token.</summary>
    ChatFirstToken,
    /// <summary>Pipeline: text-to-speech request to its first audio byte.</summary>
    TextToSpeechFirstByte,
}

/// <summary>
/// Percentiles (ms) of one measure in one mode over a window, from <see cref="Samples"/> turns: the most recent ones, at
/// most <see cref="DashboardStore.MaxLatencySamples"/>, of the <see cref="InWindow"/> turns that have the figure.
/// </summary>
public sealed record LatencyFigures(VoiceMode Mode, LatencyMeasure Measure, int Samples, int InWindow, IReadOnlyDictionary<int, double?> Percentile)
{
    public bool Truncated => Samples < InWindow;

    public string Name => Measure switch
    {
        LatencyMeasure.Response => "End of speech to first audio",
        LatencyMeasure.SpeechToText => "Speech to text",
        LatencyMeasure.ChatFirstToken => "Chat first token",
        LatencyMeasure.TextToSpeechFirstByte => "Text to speech first byte",
        _ => Measure.ToString(),
    };
}

/// <summary>
/// What a scenario's conversations were billed for in the period, and its estimated cost at the configured prices: the
/// replies' model tokens (<see cref="RepliesCost"/>, each mode at its model's prices), Classic mode's speech to text
/// (audio ms) and text to speech (characters), and the scoring of the conversations finished in the period.
/// </summary>
public sealed record ScenarioCost(
    string Scenario,
    int Replies,
    long InputTokens,
    long OutputTokens,
    decimal RepliesCost,
    long SttAudioMs,
    decimal SttCost,
    long TtsCharacters,
    decimal TtsCost,
    int Scored,
    long ScoringInputTokens,
    long ScoringOutputTokens,
    decimal ScoringCost)
{
    public decimal Cost => RepliesCost + SttCost + TtsCost + ScoringCost;

    public double SttMinutes => SttAudioMs / 60_000.0;
}

/// <summary>Upstream errors of one service with one code in the period.</summary>
public sealed record ErrorCount(string Service, string Code, int Count);

/// <summary>Voice sessions live now on every replica (the database's live-session places), by mode.</summary>
public sealed record LiveSessionsNow(int Realtime, int Pipeline)
{
    public int Total => Realtime + Pipeline;
}
