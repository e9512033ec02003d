using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VoiceSite.Data.Entities;

namespace VoiceSite.Data.Configurations;

internal sealed class EvaluationCriterionConfiguration : IEntityTypeConfiguration<EvaluationCriterion>
{
    public void Configure(EntityTypeBuilder<EvaluationCriterion> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(120);
        builder.Property(c => c.Comment).HasMaxLength(2000);
        builder.HasMany(c => c.Evidence)
            .WithOne(e => e.Criterion)
            .HasForeignKey(e => e.CriterionId)
            .OnDelete(DeleteBehavior.Cascade);
    }
}
