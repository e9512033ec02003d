using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VoiceSite.Data.Entities;

namespace VoiceSite.Data.Configurations;

internal sealed class VoiceSessionLeaseConfiguration : IEntityTypeConfiguration<VoiceSessionLease>
{
    public void Configure(EntityTypeBuilder<VoiceSessionLease> builder)
    {
        builder.ToTable("VoiceSessionLeases");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.UserId).HasMaxLength(450);
        // The race-free part: two replicas inserting the same user's slot at once, one gets a unique violation.
        builder.HasIndex(l => new { l.UserId, l.Slot }).IsUnique();
        builder.HasIndex(l => l.ExpiresAt);
        builder.Property(l => l.ReplicaId).HasMaxLength(200);
        builder.Property(l => l.ConnectionId).HasMaxLength(200);
        builder.Property(l => l.Mode).HasConversion<string>().HasMaxLength(20);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
