using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VoiceSite.Data.Entities;

namespace VoiceSite.Data.Configurations;

internal sealed class UpstreamErrorCountConfiguration : IEntityTypeConfiguration<UpstreamErrorCount>
{
    public void Configure(EntityTypeBuilder<UpstreamErrorCount> builder)
    {
        builder.HasKey(e => new { e.Hour, e.Service, e.Code });
        builder.Property(e => e.Service).HasMaxLength(40);
        builder.Property(e => e.Code).HasMaxLength(40);
    }
}
