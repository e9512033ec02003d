using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VoiceSite.Data.Entities;

namespace VoiceSite.Data.Configurations;

internal sealed class VoiceAllowanceConfiguration : IEntityTypeConfiguration<VoiceAllowance>
{
    public void Configure(EntityTypeBuilder<VoiceAllowance> builder)
    {
        builder.HasKey(a => a.UserId);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
