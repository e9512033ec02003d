using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using VoiceSite.Accounts;
using VoiceSite.Conversations;
using VoiceSite.Data.Entities;
using VoiceSite.Hosting;
using VoiceSite.Scenarios;
using VoiceSite.Recordings;
using VoiceSite.Voice;

namespace VoiceSite.Pages.Conversations;

/// <summary>
/// One of the user's conversations. Every handler answers 404 for a conversation that is missing or not the
/// user's, so nobody can learn that someone else's exists.
/// </summary>
public sealed class DetailModel(
    ConversationService conversations,
    VoiceModeAvailability availability,
    VoiceSessions sessions,
    IVoiceCatalog voices,
    SessionRecorders recorders,
    RecordingCatalog recordings,
    IOptions<RecordingOptions> recordingOptions) : PageModel
{
    public ConversationDetails? Conversation { get; private set; }

    /// <summary>The voices as people read them ("Marin", "Ava · English (United States) · Female").</summary>
    public string RealtimeVoiceName { get; private set; } = "";
    public string PipelineVoiceName { get; private set; } = "";

    /// <summary>Administrators always see each turn's timing and token figures; others behind "Show timing details".</summary>
    public bool AlwaysShowFigures => User.IsInRole(Roles.Admin);
    public TalkView? Talk { get; private set; }
    public TranscriptView Transcript { get; private set; } = new([]);

    /// <summary>The recording player, or null when nothing of the conversation was recorded.</summary>
    public ReplayView? Replay => Transcript.Replay;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var owner = User.GetUserId();
        Conversation = await conversations.FindAsync(id, owner, cancellationToken);
        var transcript = await conversations.FindTranscriptAsync(id, owner, cancellationToken);
        if (Conversation is null || transcript is null)
            return NotFound();
        Transcript = new TranscriptView(transcript, await ReplayView.LoadAsync(recordings, id, owner, cancellationToken));
        Talk = TalkView.For(id, Conversation.Mode, availability) with
        {
            Recorded = await recorders.IsEnabledForAsync(id, cancellationToken),
            RecordingRetentionDays = recordingOptions.Value.RetentionDays,
        };
        RealtimeVoiceName = VoiceCatalog.NameOf(await voices.GetRealtimeVoicesAsync(cancellationToken), Conversation.RealtimeVoice);
        PipelineVoiceName = VoiceCatalog.NameOf(await voices.GetPipelineVoicesAsync(cancellationToken), Conversation.PipelineVoice);
        return Page();
    }

    /// <summary>
    /// <c>POST /Conversations/{id}?handler=Mode</c> (htmx): remembers the chosen mode and returns the toggle
    /// partial; the page's script then moves a live session to that mode.
    /// </summary>
    public async Task<IActionResult> OnPostModeAsync(Guid id, string? mode, CancellationToken cancellationToken)
    {
        if (!VoiceModes.TryParse(mode, out var voiceMode))
            return BadRequest();
        var owner = User.GetUserId();
        var conversation = await conversations.FindAsync(id, owner, cancellationToken);
        if (conversation is null)
            return NotFound();
        // An unavailable choice leaves the mode as it was; the toggle shows why.
        var current = conversation.Mode;
        if (availability.For(voiceMode).Available && await conversations.SetModeAsync(id, owner, voiceMode, cancellationToken))
            current = voiceMode;
        return Partial("_ModeToggle", TalkView.For(id, current, availability));
    }

    /// <summary>
    /// <c>GET /Conversations/{id}?handler=Transcript</c>: the inner HTML of <c>#transcript</c> (the
    /// <c>_Transcript</c> partial), for htmx refreshes, e.g. <c>htmx.ajax('GET', url, '#transcript')</c>.
    /// </summary>
    public async Task<IActionResult> OnGetTranscriptAsync(Guid id, CancellationToken cancellationToken)
    {
        var owner = User.GetUserId();
        var transcript = await conversations.FindTranscriptAsync(id, owner, cancellationToken);
        return transcript is null
            ? NotFound()
            : Partial("_Transcript", new TranscriptView(transcript, await ReplayView.LoadAsync(recordings, id, owner, cancellationToken)));
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        var owner = User.GetUserId();
        if (await conversations.FindAsync(id, owner, cancellationToken) is null)
            return NotFound();
        // A live session (another tab) stops at once, storing nothing more; then the conversation goes.
        await sessions.EndConversationAsync(id, VoiceErrorCodes.ConversationDeleted, VoiceSessions.ConversationDeletedReason);
        if (!await conversations.DeleteAsync(id, owner, cancellationToken))
            return NotFound();
        TempData["Message"] = "Conversation deleted.";
        const string list = "/Conversations";
        if (!Request.IsHtmx())
            return LocalRedirect(list);
        Response.HtmxRedirect(list);
        return new NoContentResult();
    }
}
