using Microsoft.AspNetCore.Identity;

namespace VoiceSite.Data.Entities;

public sealed class AppUser : IdentityUser
{
    public List<Conversation> Conversations { get; } = [];
}
