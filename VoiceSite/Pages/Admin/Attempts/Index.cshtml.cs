using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VoiceSite.Coaching;

namespace VoiceSite.Pages.Admin.Attempts;

/// <summary>Trainers' overview of attempts across learners (the /Admin folder requires the Admin policy): filters and CSV.</summary>
public sealed class IndexModel(AttemptsReport report) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Scenario { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Learner { get; set; }

    [BindProperty(SupportsGet = true)]
    public AttemptResult Result { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    public IReadOnlyList<AttemptRow> Rows { get; private set; } = [];
    public bool Truncated { get; private set; }
    public IReadOnlyList<ScenarioOption> Scenarios { get; private set; } = [];

    private AttemptFilter Filter => new(Scenario, Learner, Result, From, To);

    /// <summary>The current filter as a query string, for the CSV link.</summary>
    public string CsvUrl => Url.Page("/Admin/Attempts/Index", "Csv", new { Scenario, Learner, Result, From, To }) ?? "/Admin/Attempts?handler=Csv";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Scenarios = await report.ScenariosAsync(cancellationToken);
        (Rows, Truncated) = await report.ListAsync(Filter, cancellationToken);
    }

    /// <summary><c>GET ?handler=Csv</c>: the filtered attempts as a CSV download.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        var (rows, _) = await report.ListAsync(Filter, cancellationToken);
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(AttemptsReport.ToCsv(rows))).ToArray();
        return File(bytes, "text/csv; charset=utf-8", $"attempts-{DateTime.UtcNow:yyyyMMdd-HHmm}.csv");
    }
}
