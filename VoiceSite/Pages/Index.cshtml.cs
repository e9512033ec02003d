using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VoiceSite.Accounts;
using VoiceSite.Conversations;
using VoiceSite.Scenarios;

namespace VoiceSite.Pages;

/// <summary>
/// The front door. A visitor who is not signed in reads what the site is and how it works, with sign-in and
/// registration; a signed-in person finds their recent conversations and the scenarios to start.
/// </summary>
[AllowAnonymous]
public sealed class IndexModel(ConversationService conversations, ScenarioCatalog scenarios, Microsoft.Extensions.Options.IOptions<AccountOptions> accounts) : PageModel
{
    public const int RecentCount = 5;

    public bool SignedIn { get; private set; }
    public bool RegistrationOpen => accounts.Value.AllowRegistration;
    public IReadOnlyList<ConversationListItem> Recent { get; private set; } = [];
    public IReadOnlyList<ScenarioCard> Scenarios { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        SignedIn = User.Identity?.IsAuthenticated == true;
        if (!SignedIn)
            return;
        Recent = [.. (await conversations.ListAsync(User.GetUserId(), cancellationToken)).Take(RecentCount)];
        Scenarios = await scenarios.ListPublishedAsync(cancellationToken);
    }
}
