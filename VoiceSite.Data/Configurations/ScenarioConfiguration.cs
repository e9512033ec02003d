using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VoiceSite.Data.Entities;

namespace VoiceSite.Data.Configurations;

internal sealed class ScenarioConfiguration : IEntityTypeConfiguration<Scenario>
{
    public void Configure(EntityTypeBuilder<Scenario> builder)
    {
        builder.Property(s => s.Name).HasMaxLength(120);
        builder.Property(s => s.Description).HasMaxLength(1000);
        builder.Property(s => s.InstructionsTemplate).HasMaxLength(20_000);
        builder.Property(s => s.RealtimeVoice).HasMaxLength(40);
        builder.Property(s => s.PipelineVoice).HasMaxLength(100);
        builder.Property(s => s.TurnDetection).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasIndex(s => s.IsPublished);
        // Existing scenarios (and rows written outside EF) record by default; EF always sends the value it has.
        builder.Property(s => s.RecordingEnabled).HasDefaultValue(true).ValueGeneratedNever();
        builder.HasMany(s => s.Parameters)
            .WithOne(p => p.Scenario)
            .HasForeignKey(p => p.ScenarioId)
            .OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(s => s.Parameters).AutoInclude(false);
    }
}
