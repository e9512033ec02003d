using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using VoiceSite.Hosting;
using VoiceSite.Limits;

namespace VoiceSite.Pages.Admin.Usage;

/// <summary>A row of the usage table, with the problem of the last allowance change when it was refused.</summary>
public sealed record UsageRowView(UserVoiceUsage Usage, int DefaultMinutes, string? Error = null, string? Value = null);

/// <summary>Today's voice use of each user, and each user's daily allowance (the /Admin folder requires the Admin policy).</summary>
public sealed class IndexModel(VoiceUsageStore usage, IOptions<VoiceLimitsOptions> limits) : PageModel
{
    public const int MaxMinutes = 24 * 60;

    public IReadOnlyList<UsageRowView> Rows { get; private set; } = [];
    public int DefaultMinutes => limits.Value.DailyVoiceMinutes;
    public DateOnly Day => usage.Today;

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Rows = (await usage.ListTodayAsync(cancellationToken)).Select(u => new UsageRowView(u, DefaultMinutes)).ToList();

    /// <summary>Sets a user's daily allowance (blank: back to the default); htmx gets the row (<c>_UsageRow</c>) to swap in.</summary>
    public async Task<IActionResult> OnPostAllowanceAsync(string userId, string? dailyMinutes, CancellationToken cancellationToken)
    {
        int? minutes = null;
        string? error = null;
        if (!string.IsNullOrWhiteSpace(dailyMinutes))
        {
            if (int.TryParse(dailyMinutes.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
                && parsed is >= 1 and <= MaxMinutes)
                minutes = parsed;
            else
                error = $"Enter whole minutes from 1 to {MaxMinutes}, or leave it empty for the default ({DefaultMinutes}).";
        }
        if (error is null && !await usage.SetAllowanceAsync(userId, minutes, cancellationToken))
            return NotFound();
        var row = await usage.GetRowAsync(userId, cancellationToken);
        if (row is null)
            return NotFound();
        if (Request.IsHtmx())
        {
            // A refused value comes back in the row with the problem next to the field.
            return Partial("_UsageRow", new UsageRowView(row, DefaultMinutes, error, error is null ? null : VoiceSite.Voice.Echo.Cut(dailyMinutes)));
        }
        Message = error ?? $"{row.Email} may now use {row.AllowanceMinutes} voice minutes a day.";
        return RedirectToPage();
    }
}
