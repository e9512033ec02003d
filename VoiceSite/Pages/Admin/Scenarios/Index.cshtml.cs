using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VoiceSite.Hosting;
using VoiceSite.Scenarios;

namespace VoiceSite.Pages.Admin.Scenarios;

/// <summary>Scenario list for administrators (the /Admin folder requires the Admin policy for every handler).</summary>
public sealed class IndexModel(ScenarioAdmin admin) : PageModel
{
    public IReadOnlyList<ScenarioListItem> Scenarios { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Scenarios = await admin.ListAsync(cancellationToken);

    /// <summary>Publishes or unpublishes; htmx gets the updated row (<c>_ScenarioRow</c>) to swap in.</summary>
    public async Task<IActionResult> OnPostPublishAsync(int id, bool published, CancellationToken cancellationToken)
    {
        var row = await admin.SetPublishedAsync(id, published, cancellationToken);
        if (row is null)
            return NotFound();
        if (Request.IsHtmx())
            return Partial("_ScenarioRow", row);
        Message = $"\"{row.Name}\" is now {(row.IsPublished ? "published" : "unpublished")}.";
        return RedirectToPage();
    }
}
