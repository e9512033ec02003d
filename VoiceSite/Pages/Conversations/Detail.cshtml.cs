using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VoiceSite.Accounts;
using VoiceSite.Conversations;
using VoiceSite.Data.Entities;
using VoiceSite.Hosting;

namespace VoiceSite.Pages.Conversations;

/// <summary>
/// One of the user's conversations. Every handler answers 404 for a conversation that is missing or not the
/// user's, so nobody can learn that someone else's exists.
/// </summary>
public sealed class DetailModel(ConversationService conversations) : PageModel
{
    public ConversationDetails? Conversation { get; private set; }
    public IReadOnlyList<Turn> Transcript { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var owner = User.GetUserId();
        Conversation = await conversations.FindAsync(id, owner, cancellationToken);
        var transcript = await conversations.FindTranscriptAsync(id, owner, cancellationToken);
        if (Conversation is null || transcript is null)
            return NotFound();
        Transcript = transcript;
        return Page();
    }

    /// <summary>
    /// <c>GET /Conversations/{id}?handler=Transcript</c>: the inner HTML of <c>#transcript</c> (the
    /// <c>_Transcript</c> partial), for htmx refreshes, e.g. <c>htmx.ajax('GET', url, '#transcript')</c>.
    /// </summary>
    public async Task<IActionResult> OnGetTranscriptAsync(Guid id, CancellationToken cancellationToken)
    {
        var transcript = await conversations.FindTranscriptAsync(id, User.GetUserId(), cancellationToken);
        return transcript is null ? NotFound() : Partial("_Transcript", transcript);
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await conversations.DeleteAsync(id, User.GetUserId(), cancellationToken))
            return NotFound();
        TempData["Message"] = "Conversation deleted.";
        const string list = "/Conversations";
        if (!Request.IsHtmx())
            return LocalRedirect(list);
        Response.HtmxRedirect(list);
        return new NoContentResult();
    }
}
