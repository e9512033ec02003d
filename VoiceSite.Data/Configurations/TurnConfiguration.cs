using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VoiceSite.Data.Entities;

namespace VoiceSite.Data.Configurations;

internal sealed class TurnConfiguration : IEntityTypeConfiguration<Turn>
{
    public void Configure(EntityTypeBuilder<Turn> builder)
    {
        builder.Property(t => t.Role).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.Mode).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.Text).HasMaxLength(20_000);
        builder.HasIndex(t => new { t.ConversationId, t.StartedAt, t.Sequence });
        // The admin dashboard reads the turns of the last day, week or month across all conversations.
        builder.HasIndex(t => t.StartedAt);
        // Insertion order is unique per conversation, whoever writes (two tabs, two replicas): a racing
        // writer gets a unique-key error and takes the next number.
        builder.HasIndex(t => new { t.ConversationId, t.Sequence }).IsUnique();
        builder.HasOne(t => t.ToolCall)
            .WithOne(c => c.Turn)
            .HasForeignKey<TurnToolCall>(c => c.TurnId)
            .OnDelete(DeleteBehavior.Cascade);
    }
}
