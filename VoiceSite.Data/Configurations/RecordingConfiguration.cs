using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VoiceSite.Data.Entities;

namespace VoiceSite.Data.Configurations;

internal sealed class RecordingConfiguration : IEntityTypeConfiguration<Recording>
{
    public void Configure(EntityTypeBuilder<Recording> builder)
    {
        builder.Property(r => r.Mode).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.StorageKey).HasMaxLength(400);
        builder.Property(r => r.ContentType).HasMaxLength(100);
        builder.HasOne(r => r.Conversation)
            .WithMany()
            .HasForeignKey(r => r.ConversationId)
            .OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.ConversationId, r.StartedAt });
        // Retention finds old recordings by start time.
        builder.HasIndex(r => r.StartedAt);
    }
}
