using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VoiceSite.Data.Entities;

namespace VoiceSite.Data.Configurations;

internal sealed class ScenarioDifficultyConfiguration : IEntityTypeConfiguration<ScenarioDifficulty>
{
    public void Configure(EntityTypeBuilder<ScenarioDifficulty> builder)
    {
        builder.Property(d => d.Name).HasMaxLength(60);
        builder.Property(d => d.Instructions).HasMaxLength(4000);
        builder.HasIndex(d => new { d.ScenarioId, d.Name }).IsUnique();
    }
}
