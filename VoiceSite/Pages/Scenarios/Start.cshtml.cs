using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VoiceSite.Accounts;
using VoiceSite.Coaching;
using VoiceSite.Conversations;
using VoiceSite.Data.Entities;
using VoiceSite.Hosting;
using VoiceSite.Scenarios;

namespace VoiceSite.Pages.Scenarios;

/// <summary>The start form of a published scenario; a valid POST creates the user's conversation and opens it.</summary>
public sealed class StartModel(ScenarioCatalog catalog, ConversationService conversations, IVoiceCatalog voices) : PageModel
{
    /// <summary>Posted as <c>Values[key]</c>.</summary>
    [BindProperty]
    public Dictionary<string, string?> Values { get; set; } = [];

    [BindProperty]
    public string? RealtimeVoice { get; set; }

    [BindProperty]
    public string? PipelineVoice { get; set; }

    public Scenario? Scenario { get; private set; }
    public StartFormView? Form { get; private set; }

    /// <summary>The briefing with the scenario's own fields filled in, and each parameter as its default or its label.</summary>
    public BriefingView Briefing => StartBriefing.For(Scenario!);

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        Scenario = await catalog.FindPublishedAsync(id, cancellationToken);
        if (Scenario is null)
            return NotFound();
        var defaults = Scenario.Parameters.ToDictionary(p => p.Key, p => p.DefaultValue, StringComparer.Ordinal);
        if (StartDifficulty.DefaultFor(Scenario) is { } level)
            defaults[StartDifficulty.Field] = level.Name;
        Form = await FormAsync(Scenario, defaults, Scenario.RealtimeVoice, Scenario.PipelineVoice, new Dictionary<string, string>(), cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        Scenario = await catalog.FindPublishedAsync(id, cancellationToken);
        if (Scenario is null)
            return NotFound();

        var result = ParameterRules.Validate(Scenario.Parameters, Values);
        var errors = new Dictionary<string, string>(result.Errors, StringComparer.Ordinal);
        var difficulty = StartDifficulty.Choose(Scenario, Values, errors);
        var realtimeVoices = await voices.GetRealtimeVoicesAsync(cancellationToken);
        var pipelineVoices = await voices.GetPipelineVoicesAsync(cancellationToken);
        if (!VoiceCatalog.Contains(realtimeVoices, RealtimeVoice))
            errors[StartFormView.RealtimeVoiceField] = "Choose a voice for Natural mode from the list.";
        if (!VoiceCatalog.Contains(pipelineVoices, PipelineVoice))
            errors[StartFormView.PipelineVoiceField] = "Choose a voice for Classic mode from the list.";

        if (errors.Count > 0)
        {
            Form = await FormAsync(Scenario, Values, RealtimeVoice, PipelineVoice, errors, cancellationToken);
            return Request.IsHtmx() ? Partial("_StartForm", Form) : Page();
        }

        var conversationId = await conversations.StartAsync(
            new StartConversation(User.GetUserId(), Scenario, result.Values, RealtimeVoice!, PipelineVoice!, difficulty), cancellationToken);
        var url = Url.Page("/Conversations/Detail", new { id = conversationId }) ?? $"/Conversations/{conversationId}";
        if (!Request.IsHtmx())
            return LocalRedirect(url);
        Response.HtmxRedirect(url);
        return new NoContentResult();
    }

    private async Task<StartFormView> FormAsync(Scenario scenario, IReadOnlyDictionary<string, string?> values, string? realtimeVoice,
        string? pipelineVoice, IReadOnlyDictionary<string, string> errors, CancellationToken cancellationToken) =>
        new(scenario.Id, scenario.Parameters, values, realtimeVoice, pipelineVoice,
            await voices.GetRealtimeVoicesAsync(cancellationToken), await voices.GetPipelineVoicesAsync(cancellationToken), errors)
        {
            Difficulties = scenario.Difficulties,
        };
}
