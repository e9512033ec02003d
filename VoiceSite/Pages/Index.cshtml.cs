using Microsoft.AspNetCore.Mvc.RazorPages;

namespace VoiceSite.Pages;

public sealed class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
