using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VoiceSite.Accounts;
using VoiceSite.Coaching;

namespace VoiceSite.Pages.Scenarios;

/// <summary>The learner's scores in one scenario over their attempts (their own conversations only).</summary>
public sealed class ProgressModel(CoachingQueries queries) : PageModel
{
    public ProgressView? Progress { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        Progress = await queries.ProgressAsync(id, User.GetUserId(), cancellationToken);
        return Progress is null ? NotFound() : Page();
    }
}
