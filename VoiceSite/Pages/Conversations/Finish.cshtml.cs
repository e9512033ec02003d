using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VoiceSite.Accounts;
using VoiceSite.Coaching;
using VoiceSite.Conversations;
using VoiceSite.Data.Entities;
using VoiceSite.Hosting;

namespace VoiceSite.Pages.Conversations;

/// <summary>
/// The learner's "Finish and get feedback": POST ends the conversation (its evaluation is queued) and opens the feedback;
/// GET returns the finish control, for the conversation page to refresh it. Another user's conversation is a 404.
/// </summary>
public sealed class FinishModel(ConversationService conversations, ConversationFinisher finisher) : PageModel
{
    public FinishControlView? Control { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var conversation = await conversations.FindAsync(id, User.GetUserId(), cancellationToken);
        if (conversation is null)
            return NotFound();
        return Partial("_FinishControl", FinishControlView.For(conversation));
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        var outcome = await finisher.FinishAsync(id, User.GetUserId(), ConversationEnder.Learner, "You finished the conversation.", cancellationToken);
        if (outcome == FinishOutcome.NotFound)
            return NotFound();
        var feedback = $"/Conversations/{id}/Feedback";
        if (!Request.IsHtmx())
            return LocalRedirect(feedback);
        Response.HtmxRedirect(feedback);
        return new NoContentResult();
    }
}
