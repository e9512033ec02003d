using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VoiceSite.Scenarios;

namespace VoiceSite.Pages.Admin.Scenarios;

/// <summary>Confirmation step (GET) and the delete itself (POST).</summary>
public sealed class DeleteModel(ScenarioAdmin admin) : PageModel
{
    public ScenarioSummary? Scenario { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        Scenario = await admin.FindSummaryAsync(id, cancellationToken);
        return Scenario is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        var scenario = await admin.FindSummaryAsync(id, cancellationToken);
        if (scenario is null || !await admin.DeleteAsync(id, cancellationToken))
            return NotFound();
        TempData["Message"] = $"\"{scenario.Name}\" was deleted.";
        return RedirectToPage("/Admin/Scenarios/Index");
    }
}
