using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VoiceSite.Data.Entities;

namespace VoiceSite.Data.Configurations;

internal sealed class VoiceSessionStartConfiguration : IEntityTypeConfiguration<VoiceSessionStart>
{
    public void Configure(EntityTypeBuilder<VoiceSessionStart> builder)
    {
        builder.ToTable("VoiceSessionStarts");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.UserId).HasMaxLength(450);
        builder.HasIndex(s => new { s.UserId, s.StartedAt });
        builder.HasIndex(s => s.StartedAt);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
