using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VoiceSite.Data.Entities;

namespace VoiceSite.Data.Configurations;

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> builder)
    {
        builder.Property(c => c.OwnerId).HasMaxLength(450);
        builder.Property(c => c.ScenarioName).HasMaxLength(120);
        builder.Property(c => c.Title).HasMaxLength(200);
        builder.Property(c => c.RealtimeVoice).HasMaxLength(40);
        builder.Property(c => c.PipelineVoice).HasMaxLength(100);
        builder.Property(c => c.Mode).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.ParameterValues)
            .HasConversion(
                v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default),
                v => JsonSerializer.Deserialize<Dictionary<string, string>>(v, JsonSerializerOptions.Default) ?? new Dictionary<string, string>(),
                new ValueComparer<Dictionary<string, string>>(
                    (a, b) => a!.Count == b!.Count && !a.Except(b).Any(),
                    v => v.Aggregate(0, (h, kv) => HashCode.Combine(h, kv.Key, kv.Value)),
                    v => new Dictionary<string, string>(v)));

        builder.HasOne(c => c.Owner)
            .WithMany(u => u.Conversations)
            .HasForeignKey(c => c.OwnerId)
            .OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(c => c.Scenario)
            .WithMany()
            .HasForeignKey(c => c.ScenarioId)
            .OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(c => c.Turns)
            .WithOne(t => t.Conversation)
            .HasForeignKey(t => t.ConversationId)
            .OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.OwnerId, c.UpdatedAt });

        builder.Property(c => c.Difficulty).HasMaxLength(60);
        builder.Property(c => c.FinishReason).HasMaxLength(500);
        builder.Property(c => c.FinishedBy).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Coaching).HasConversion(JsonValue.Converter<CoachingSnapshot>(), JsonValue.Comparer<CoachingSnapshot>());
        builder.HasOne(c => c.Evaluation)
            .WithOne(e => e.Conversation)
            .HasForeignKey<Evaluation>(e => e.ConversationId)
            .OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.ScenarioId, c.CreatedAt });
        // The admin dashboard reads the scoring tokens of the conversations finished in its period.
        builder.HasIndex(c => c.FinishedAt);
    }
}
