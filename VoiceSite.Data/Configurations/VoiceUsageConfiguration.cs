using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VoiceSite.Data.Entities;

namespace VoiceSite.Data.Configurations;

internal sealed class VoiceUsageConfiguration : IEntityTypeConfiguration<VoiceUsage>
{
    public void Configure(EntityTypeBuilder<VoiceUsage> builder)
    {
        builder.HasKey(u => new { u.UserId, u.Day });
        builder.HasIndex(u => u.Day);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(u => u.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
