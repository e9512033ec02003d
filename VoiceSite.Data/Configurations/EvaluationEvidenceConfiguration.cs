using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VoiceSite.Data.Entities;

namespace VoiceSite.Data.Configurations;

internal sealed class EvaluationEvidenceConfiguration : IEntityTypeConfiguration<EvaluationEvidence>
{
    public void Configure(EntityTypeBuilder<EvaluationEvidence> builder)
    {
        builder.ToTable("EvaluationEvidence");
        builder.Property(e => e.Quote).HasMaxLength(1000);
    }
}
