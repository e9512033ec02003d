using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VoiceSite.Dashboard;
using VoiceSite.Hosting;

namespace VoiceSite.Pages.Admin.Dashboard;

/// <summary>
/// The administrators' dashboard (the /Admin folder requires the Admin policy): live sessions, turns and voice minutes per
/// day, latency percentiles, tokens and estimated cost per scenario, and the upstream error rate. htmx swaps in the figures
/// for another period (<c>_Figures</c>) and refreshes the live sessions (<c>_Live</c>).
/// </summary>
public sealed class IndexModel(DashboardStore store) : PageModel
{
    public const int DefaultDays = 14;

    [BindProperty(SupportsGet = true)]
    public int Days { get; set; } = DefaultDays;

    public DashboardFigures Figures { get; private set; } = null!;

    public LiveSessionsNow Live { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!DashboardStore.Periods.Contains(Days))
            Days = DefaultDays;
        Figures = await store.GetAsync(Days, cancellationToken);
        if (Request.IsHtmx() && !Request.IsHtmxHistoryRestore())
            return Partial("_Figures", this);
        Live = await store.LiveNowAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnGetLiveAsync(CancellationToken cancellationToken) => Partial("_Live", await store.LiveNowAsync(cancellationToken));
}
