using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VoiceSite.Data.Entities;

namespace VoiceSite.Data.Configurations;

internal sealed class TurnToolCallConfiguration : IEntityTypeConfiguration<TurnToolCall>
{
    public void Configure(EntityTypeBuilder<TurnToolCall> builder)
    {
        builder.ToTable("TurnToolCalls");
        builder.HasKey(c => c.TurnId);
        builder.Property(c => c.CallId).HasMaxLength(100);
        builder.Property(c => c.Name).HasMaxLength(64);
        builder.Property(c => c.Arguments).HasMaxLength(8000);
        builder.Property(c => c.Result).HasMaxLength(8000);
    }
}
