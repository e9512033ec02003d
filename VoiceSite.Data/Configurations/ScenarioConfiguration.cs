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

        builder.Property(s => s.Briefing).HasMaxLength(4000);
        builder.Property(s => s.Objective).HasMaxLength(1000);
        builder.Property(s => s.OpeningLine).HasMaxLength(1000);
        builder.ComplexProperty(s => s.Persona, persona =>
        {
            persona.Property(p => p.Name).HasMaxLength(80);
            persona.Property(p => p.Role).HasMaxLength(200);
            persona.Property(p => p.Manner).HasMaxLength(500);
            persona.Property(p => p.Concerns).HasMaxLength(1000);
        });
        // Defaults in the database too, so scenarios written before these settings existed read back sensibly.
        builder.Property(s => s.NoiseReduction).HasConversion<string>().HasMaxLength(20).HasDefaultValue(NoiseReductionKind.Off);
        builder.Property(s => s.Eagerness).HasConversion<string>().HasMaxLength(20).HasDefaultValue(SemanticEagerness.Auto);
        builder.Property(s => s.MinSpeechMs).HasDefaultValue(80);
        builder.Property(s => s.PassMark).HasDefaultValue(70).HasSentinel(-1); // 0 is a valid pass mark: always sent
        builder.PrimitiveCollection(s => s.EnabledTools);
        builder.HasMany(s => s.Difficulties)
            .WithOne(d => d.Scenario)
            .HasForeignKey(d => d.ScenarioId)
            .OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.Rubric)
            .WithOne(c => c.Scenario)
            .HasForeignKey(c => c.ScenarioId)
            .OnDelete(DeleteBehavior.Cascade);
    }
}
