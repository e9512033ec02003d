using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VoiceSite.Dashboard;
using VoiceSite.Data.Entities;
using VoiceSite.Hosting;
using VoiceSite.Voice;

namespace VoiceSite.Pages.Admin.Dashboard;

/// <summary>Voice sessions live on this server now, by mode.</summary>
public sealed record LiveSessionsView(int Realtime, int Pipeline)
{
    public int Total => Realtime + Pipeline;
}

/// <summary>
/// The administrators' dashboard (the /Admin folder requires the Admin policy): live sessions, turns and voice minutes per
/// day, latency percentiles, tokens and estimated cost per scenario, and the upstream error rate. htmx swaps in the figures
/// for another period (<c>_Figures</c>) and refreshes the live sessions (<c>_Live</c>).
/// </summary>
public sealed class IndexModel(DashboardStore store, VoiceSessions sessions) : PageModel
{
    public const int DefaultDays = 14;

    [BindProperty(SupportsGet = true)]
    public int Days { get; set; } = DefaultDays;

    public DashboardFigures Figures { get; private set; } = null!;

    public LiveSessionsView Live => LiveNow();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!DashboardStore.Periods.Contains(Days))
            Days = DefaultDays;
        Figures = await store.GetAsync(Days, cancellationToken);
        return Request.IsHtmx() && !Request.IsHtmxHistoryRestore() ? Partial("_Figures", this) : Page();
    }

    public IActionResult OnGetLive() => Partial("_Live", LiveNow());

    private LiveSessionsView LiveNow()
    {
        var live = sessions.Live;
        return new LiveSessionsView(live.Count(s => s.Session.Mode == VoiceMode.Realtime), live.Count(s => s.Session.Mode == VoiceMode.Pipeline));
    }
}
