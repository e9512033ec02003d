using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VoiceSite.Coaching;
using VoiceSite.Recordings;

namespace VoiceSite.Pages.Admin.Attempts;

/// <summary>Any learner's attempt, read-only, for administrators: briefing, transcript, feedback and the recording.</summary>
public sealed class DetailModel(CoachingQueries queries, RecordingCatalog recordings) : PageModel
{
    public FeedbackPanel? Panel { get; private set; }

    /// <summary>The recording player (served through /Admin), or null when nothing was recorded.</summary>
    public ReplayView? Replay { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        Panel = await PanelAsync(id, cancellationToken);
        if (Panel is null)
            return NotFound();
        Replay = await ReplayView.LoadAsync(recordings, id, ownerId: null, cancellationToken);
        return Page();
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
