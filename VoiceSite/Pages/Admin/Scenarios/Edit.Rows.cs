using Microsoft.AspNetCore.Mvc;
using VoiceSite.Scenarios;

namespace VoiceSite.Pages.Admin.Scenarios;

/// <summary>htmx handlers for the difficulty level rows (<c>_Difficulties</c>) and rubric rows (<c>_Rubric</c>).</summary>
public sealed partial class EditModel
{
    public Task<IActionResult> OnPostAddDifficultyAsync(int? id, CancellationToken cancellationToken)
    {
        if (Input.Difficulties.Count < ScenarioCoachingValidator.MaxDifficulties)
            Input.Difficulties.Add(new DifficultyInput());
        return RowsChangedAsync(id, "_Difficulties", cancellationToken);
    }

    public Task<IActionResult> OnPostRemoveDifficultyAsync(int? id, int index, CancellationToken cancellationToken)
    {
        if (index >= 0 && index < Input.Difficulties.Count)
            Input.RemoveDifficulty(index);
        return RowsChangedAsync(id, "_Difficulties", cancellationToken);
    }

    public Task<IActionResult> OnPostMoveDifficultyAsync(int? id, int index, int offset, CancellationToken cancellationToken)
    {
        var target = index + Math.Sign(offset);
        if (index >= 0 && index < Input.Difficulties.Count && target >= 0 && target < Input.Difficulties.Count)
            Input.MoveDifficulty(index, target);
        return RowsChangedAsync(id, "_Difficulties", cancellationToken);
    }

    public Task<IActionResult> OnPostAddCriterionAsync(int? id, CancellationToken cancellationToken)
    {
        if (Input.Rubric.Count < ScenarioCoachingValidator.MaxCriteria)
            Input.Rubric.Add(new CriterionInput());
        return RowsChangedAsync(id, "_Rubric", cancellationToken);
    }

    public Task<IActionResult> OnPostRemoveCriterionAsync(int? id, int index, CancellationToken cancellationToken)
    {
        if (index >= 0 && index < Input.Rubric.Count)
            Input.Rubric.RemoveAt(index);
        return RowsChangedAsync(id, "_Rubric", cancellationToken);
    }

    public Task<IActionResult> OnPostMoveCriterionAsync(int? id, int index, int offset, CancellationToken cancellationToken)
    {
        var target = index + Math.Sign(offset);
        if (index >= 0 && index < Input.Rubric.Count && target >= 0 && target < Input.Rubric.Count)
            (Input.Rubric[index], Input.Rubric[target]) = (Input.Rubric[target], Input.Rubric[index]);
        return RowsChangedAsync(id, "_Rubric", cancellationToken);
    }

    /// <summary>Each criterion's share of the overall score, in percent (for the rubric rows).</summary>
    public int ShareOf(CriterionInput criterion)
    {
        var total = Input.Rubric.Where(c => c.Weight > 0).Sum(c => c.Weight);
        return total <= 0 || criterion.Weight <= 0 ? 0 : (int)Math.Round(100.0 * criterion.Weight / total);
    }
}
