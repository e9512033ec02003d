using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VoiceSite.Data.Entities;

namespace VoiceSite.Data.Configurations;

internal sealed class EvaluationNoteConfiguration : IEntityTypeConfiguration<EvaluationNote>
{
    public void Configure(EntityTypeBuilder<EvaluationNote> builder)
    {
        builder.Property(n => n.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(n => n.Text).HasMaxLength(2000);
        builder.Property(n => n.Quote).HasMaxLength(1000);
        builder.Property(n => n.BetterPhrasing).HasMaxLength(1000);
    }
}
