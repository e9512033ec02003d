using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VoiceSite.Data.Entities;

namespace VoiceSite.Data.Configurations;

internal sealed class RubricCriterionConfiguration : IEntityTypeConfiguration<RubricCriterion>
{
    public void Configure(EntityTypeBuilder<RubricCriterion> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(120);
        builder.Property(c => c.Good).HasMaxLength(1000);
        builder.Property(c => c.Fair).HasMaxLength(1000);
        builder.Property(c => c.Poor).HasMaxLength(1000);
        builder.HasIndex(c => new { c.ScenarioId, c.Position });
    }
}
