using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VoiceSite.Coaching;

namespace VoiceSite.Pages.Admin.Attempts;

/// <summary>Any learner's attempt, read-only, for administrators: briefing, transcript and feedback.</summary>
public sealed class DetailModel(CoachingQueries queries) : PageModel
{
    public FeedbackPanel? Panel { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        Panel = await PanelAsync(id, cancellationToken);
        return Panel is null ? NotFound() : Page();
    }

    /// <summary><c>GET ?handler=Status</c>: the feedback section, polled while the evaluation is pending.</summary>
    public async Task<IActionResult> OnGetStatusAsync(Guid id, CancellationToken cancellationToken)
    {
        var panel = await PanelAsync(id, cancellationToken);
        return panel is null ? NotFound() : Partial("_Feedback", panel);
    }

    private async Task<FeedbackPanel?> PanelAsync(Guid id, CancellationToken cancellationToken) =>
        await queries.FeedbackAsync(id, ownerId: null, cancellationToken) is { } view
            ? new FeedbackPanel(view, $"/Admin/Attempts/{id}?handler=Status", RetryUrl: null)
            : null;
}
