using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VoiceSite.Data.Entities;

namespace VoiceSite.Data.Configurations;

internal sealed class EvaluationConfiguration : IEntityTypeConfiguration<Evaluation>
{
    public void Configure(EntityTypeBuilder<Evaluation> builder)
    {
        builder.HasIndex(e => e.ConversationId).IsUnique();
        builder.Property(e => e.Summary).HasMaxLength(2000);
        builder.Property(e => e.Model).HasMaxLength(100);
        builder.HasMany(e => e.Criteria)
            .WithOne(c => c.Evaluation)
            .HasForeignKey(c => c.EvaluationId)
            .OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(e => e.Notes)
            .WithOne(n => n.Evaluation)
            .HasForeignKey(n => n.EvaluationId)
            .OnDelete(DeleteBehavior.Cascade);
    }
}
