using Microsoft.AspNetCore.Mvc.RazorPages;
using VoiceSite.Scenarios;

namespace VoiceSite.Pages.Scenarios;

public sealed class IndexModel(ScenarioCatalog catalog) : PageModel
{
    public IReadOnlyList<ScenarioCard> Scenarios { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Scenarios = await catalog.ListPublishedAsync(cancellationToken);
}
