using System.Globalization;

namespace VoiceSite.Coaching;

/// <summary>A plotted attempt: where it sits in the chart and what it says.</summary>
public sealed record ChartPoint(double X, double Y, int Attempt, int Score, bool Passed, DateTime At, Guid ConversationId);

/// <summary>
/// Geometry of the server-rendered SVG of a learner's scores over their attempts (0-100 upwards, attempts left to right,
/// the pass mark as a dashed line). Numbers are formatted invariantly for SVG.
/// </summary>
public sealed record ScoreChart(IReadOnlyList<ChartPoint> Points, int PassMark)
{
    public const int Width = 600;
    public const int Height = 220;
    public const int Left = 40;
    public const int Right = 16;
    public const int Top = 12;
    public const int Bottom = 32;

    public double PassY => YFor(PassMark);

    public string Line => string.Join(' ', Points.Select(p => $"{N(p.X)},{N(p.Y)}"));

    /// <summary>Label every attempt while they fit, then every k-th (and the last).</summary>
    public bool Labelled(ChartPoint point) =>
        point.Attempt == Points.Count || (point.Attempt - 1) % Math.Max(1, (int)Math.Ceiling(Points.Count / 12.0)) == 0;

    public static double YFor(int score) => Top + (100 - Math.Clamp(score, 0, 100)) / 100.0 * (Height - Top - Bottom);

    public static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    public static ScoreChart For(ProgressView progress)
    {
        var plot = Width - Left - Right;
        var count = progress.Attempts.Count;
        var points = progress.Attempts.Select((a, i) => new ChartPoint(
            count == 1 ? Left + plot / 2.0 : Left + i * plot / (double)(count - 1),
            YFor(a.Score), i + 1, a.Score, a.Passed, a.At, a.ConversationId)).ToList();
        return new ScoreChart(points, progress.PassMark);
    }
}
