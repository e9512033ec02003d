using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VoiceSite.Data.Entities;

namespace VoiceSite.Data.Configurations;

internal sealed class ScenarioParameterConfiguration : IEntityTypeConfiguration<ScenarioParameter>
{
    public void Configure(EntityTypeBuilder<ScenarioParameter> builder)
    {
        builder.Property(p => p.Key).HasMaxLength(64);
        builder.Property(p => p.Label).HasMaxLength(120);
        builder.Property(p => p.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.DefaultValue).HasMaxLength(1000);
        builder.PrimitiveCollection(p => p.Choices);
        builder.HasIndex(p => new { p.ScenarioId, p.Key }).IsUnique();
    }
}
