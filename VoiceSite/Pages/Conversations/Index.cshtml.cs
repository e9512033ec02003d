using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VoiceSite.Accounts;
using VoiceSite.Conversations;

namespace VoiceSite.Pages.Conversations;

public sealed class IndexModel(ConversationService conversations) : PageModel
{
    public IReadOnlyList<ConversationListItem> Conversations { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Conversations = await conversations.ListAsync(User.GetUserId(), cancellationToken);
}
