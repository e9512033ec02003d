using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VoiceSite.Accounts;
using VoiceSite.Coaching;
using VoiceSite.Conversations;
using VoiceSite.Hosting;
using VoiceSite.Jobs;
using VoiceSite.Recordings;

namespace VoiceSite.Pages.Conversations;

/// <summary>
/// A conversation's feedback: score, pass or not, each criterion with quotes linking to the transcript, strengths and
/// improvements; its state while the evaluation waits or runs (polled), "try again" when it failed, and "practise again".
/// The owner's only: any other conversation is a 404.
/// </summary>
public sealed class FeedbackModel(CoachingQueries queries, ConversationService conversations, JobQueue jobs, RecordingCatalog recordings) : PageModel
{
    public FeedbackPanel? Panel { get; private set; }

    /// <summary>The recording player (its quotes play their moment), or null when nothing was recorded.</summary>
    public ReplayView? Replay { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        Panel = await PanelAsync(id, cancellationToken);
        if (Panel is null)
            return NotFound();
        Replay = await ReplayView.LoadAsync(recordings, id, User.GetUserId(), cancellationToken);
        return Page();
    }

    /// <summary><c>GET ?handler=Status</c>: the feedback section alone (htmx polls it while the evaluation is pending).</summary>
    public async Task<IActionResult> OnGetStatusAsync(Guid id, CancellationToken cancellationToken)
    {
        var panel = await PanelAsync(id, cancellationToken);
        return panel is null ? NotFound() : Partial("_Feedback", panel);
    }

    /// <summary><c>POST ?handler=Retry</c>: "try again" for a failed evaluation.</summary>
    public async Task<IActionResult> OnPostRetryAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await queries.FeedbackAsync(id, User.GetUserId(), cancellationToken) is null)
            return NotFound();
        await jobs.RetryFailedAsync(EvaluationJob.KeyFor(id), cancellationToken);
        if (!Request.IsHtmx())
            return RedirectToPage(new { id });
        return Partial("_Feedback", await PanelAsync(id, cancellationToken));
    }

    /// <summary><c>POST ?handler=PractiseAgain</c>: a new conversation with the same scenario, values and difficulty.</summary>
    public async Task<IActionResult> OnPostPractiseAgainAsync(Guid id, CancellationToken cancellationToken)
    {
        var owner = User.GetUserId();
        var view = await queries.FeedbackAsync(id, owner, cancellationToken);
        if (view is null)
            return NotFound();
        if (await conversations.PractiseAgainAsync(id, owner, cancellationToken) is { } next)
            return LocalRedirect($"/Conversations/{next}");
        // The scenario changed or went away: its start form (or the list) says what is needed now.
        return LocalRedirect(view.ScenarioId is { } scenario ? $"/Scenarios/Start/{scenario}" : "/Scenarios");
    }

    private async Task<FeedbackPanel?> PanelAsync(Guid id, CancellationToken cancellationToken) =>
        await queries.FeedbackAsync(id, User.GetUserId(), cancellationToken) is { } view
            ? new FeedbackPanel(view, $"/Conversations/{id}/Feedback?handler=Status", $"/Conversations/{id}/Feedback?handler=Retry")
            : null;
}
