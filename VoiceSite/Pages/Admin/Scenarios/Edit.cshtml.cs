using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VoiceSite.Hosting;
using VoiceSite.Scenarios;
using VoiceSite.Voice.Tools;

namespace VoiceSite.Pages.Admin.Scenarios;

/// <summary>
/// Creates (no id) or edits a scenario. Besides saving, htmx handlers add, remove and move parameter rows
/// (returning <c>_Parameters</c>), difficulty levels and rubric criteria (Edit.Rows.cs), and render the live preview
/// (<c>_Preview</c>); without JavaScript the same handlers return the whole page.
/// </summary>
public sealed partial class EditModel(ScenarioAdmin admin, IVoiceCatalog voices, VoiceToolRegistry tools) : PageModel
{
    public const string ConflictMessage = "Someone else saved this scenario since you opened it; reload to see their changes. Your edits below were not saved.";
    public const string DeletedMessage = "Someone else deleted this scenario since you opened it. Your edits below were not saved.";
    public const string ChangedEvent = "scenario-changed";

    [BindProperty]
    public ScenarioInput Input { get; set; } = new();

    public int? Id { get; private set; }
    public IReadOnlyList<VoiceOption> RealtimeVoices { get; private set; } = [];
    public IReadOnlyList<VoiceOption> PipelineVoices { get; private set; } = [];
    public IReadOnlyList<IVoiceTool> Tools => tools.All;
    public ScenarioPreview Preview { get; private set; } = ScenarioPreview.For(new ScenarioInput());
    public IReadOnlyList<string> Warnings { get; private set; } = [];
    public bool Saved { get; private set; }

    /// <summary>Set when the save was refused because the scenario changed or vanished meanwhile.</summary>
    public string? Conflict { get; private set; }
    public bool ScenarioDeleted { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? id, bool saved, CancellationToken cancellationToken)
    {
        Id = id;
        if (id is { } existing)
        {
            var input = await admin.FindInputAsync(existing, cancellationToken);
            if (input is null)
                return NotFound();
            Input = input;
        }
        await LoadAsync(cancellationToken);
        Saved = saved && id is not null;
        if (Saved)
            Warnings = ScenarioInputValidator.Validate(Input, RealtimeVoices, PipelineVoices, tools.Names).Warnings;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken cancellationToken)
    {
        // Only the Save button (a plain form post) saves; a script request that lost its handler must not.
        if (Request.IsHtmx())
            return BadRequest("Saving takes the Save button; this request named no editor handler.");
        Id = id;
        Input.Normalize();
        await LoadAsync(cancellationToken);
        var validation = ScenarioInputValidator.Validate(Input, RealtimeVoices, PipelineVoices, tools.Names);
        foreach (var error in validation.Errors)
            ModelState.AddModelError($"{nameof(Input)}.{error.Field}", error.Message);
        Warnings = validation.Warnings;
        if (!ModelState.IsValid)
            return Page();

        if (id is not { } existing)
        {
            var created = await admin.CreateAsync(Input, cancellationToken);
            return RedirectToPage("/Admin/Scenarios/Edit", new { id = created, saved = true });
        }

        switch (await admin.UpdateAsync(existing, Input, cancellationToken))
        {
            case SaveOutcome.Saved:
                return RedirectToPage("/Admin/Scenarios/Edit", new { id = existing, saved = true });
            case SaveOutcome.Deleted:
                Conflict = DeletedMessage;
                ScenarioDeleted = true;
                break;
            default:
                Conflict = ConflictMessage;
                break;
        }
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    public IActionResult OnPostPreview(int? id)
    {
        Id = id;
        Input.Normalize();
        return Partial("_Preview", PreviewOf(Input));
    }

    public Task<IActionResult> OnPostAddParameterAsync(int? id, CancellationToken cancellationToken)
    {
        if (Input.Parameters.Count < ScenarioInputValidator.MaxParameters)
            Input.Parameters.Add(new ParameterInput());
        return ParametersChangedAsync(id, cancellationToken);
    }

    public Task<IActionResult> OnPostRemoveParameterAsync(int? id, int index, CancellationToken cancellationToken)
    {
        if (index >= 0 && index < Input.Parameters.Count)
            Input.Parameters.RemoveAt(index);
        return ParametersChangedAsync(id, cancellationToken);
    }

    public Task<IActionResult> OnPostMoveParameterAsync(int? id, int index, int offset, CancellationToken cancellationToken)
    {
        var target = index + Math.Sign(offset);
        if (index >= 0 && index < Input.Parameters.Count && target >= 0 && target < Input.Parameters.Count)
            (Input.Parameters[index], Input.Parameters[target]) = (Input.Parameters[target], Input.Parameters[index]);
        return ParametersChangedAsync(id, cancellationToken);
    }

    /// <summary>All errors recorded for a form field (e.g. <c>Input.Parameters[0].Key</c>), or null.</summary>
    public string? ErrorFor(string key) =>
        ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0
            ? string.Join(" ", entry.Errors.Select(e => string.IsNullOrEmpty(e.ErrorMessage) ? "This value is not valid." : e.ErrorMessage))
            : null;

    public string HandlerUrl(string handler, object? values = null)
    {
        // An explicit null id makes link generation fail (Url.Page returns null) for a new scenario, and an empty
        // hx-post posts to the page itself, i.e. saves: leave the id out when there is none, and never return "".
        var route = new RouteValueDictionary(values);
        if (Id is { } id)
            route["id"] = id;
        return Url.Page("/Admin/Scenarios/Edit", handler, route)
            ?? throw new InvalidOperationException($"No URL for the editor's {handler} handler.");
    }

    private Task<IActionResult> ParametersChangedAsync(int? id, CancellationToken cancellationToken) =>
        RowsChangedAsync(id, "_Parameters", cancellationToken);

    /// <summary>After rows were added, removed or moved: the rows partial for htmx (and a preview refresh), else the page.</summary>
    private async Task<IActionResult> RowsChangedAsync(int? id, string partial, CancellationToken cancellationToken)
    {
        Id = id;
        // Rows were renumbered: values must come from the model, not from what was posted under each index.
        ModelState.Clear();
        if (Request.IsHtmx())
        {
            Response.Headers["HX-Trigger"] = ChangedEvent;
            return Partial(partial, this);
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        RealtimeVoices = await voices.GetRealtimeVoicesAsync(cancellationToken);
        PipelineVoices = await voices.GetPipelineVoicesAsync(cancellationToken);
        Preview = PreviewOf(Input);
    }

    private ScenarioPreview PreviewOf(ScenarioInput input) =>
        ScenarioPreview.For(input, tools.Resolve(input.EnabledTools).Select(t => t.InstructionsHint));
}
