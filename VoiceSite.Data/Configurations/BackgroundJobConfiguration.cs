using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VoiceSite.Data.Entities;

namespace VoiceSite.Data.Configurations;

internal sealed class BackgroundJobConfiguration : IEntityTypeConfiguration<BackgroundJob>
{
    public void Configure(EntityTypeBuilder<BackgroundJob> builder)
    {
        builder.ToTable("BackgroundJobs");
        builder.Property(j => j.Kind).HasMaxLength(64);
        builder.Property(j => j.Key).HasMaxLength(200);
        builder.HasIndex(j => j.Key).IsUnique();
        builder.Property(j => j.Payload).HasMaxLength(8000);
        builder.Property(j => j.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(j => j.LeaseOwner).HasMaxLength(200);
        builder.Property(j => j.LastError).HasMaxLength(1000);
        builder.HasIndex(j => new { j.State, j.NextAttemptAt });
    }
}
