using Microsoft.EntityFrameworkCore;
using VoiceSite.Data;
using VoiceSite.Telemetry;
using VoiceSite.Voice.Upstream;

namespace VoiceSite.Coaching;

/// <summary>
/// What the scoring job's chat calls cost and how they failed, reported as the voice sessions report theirs: tokens and
/// upstream errors to the site's meter (<see cref="VoiceMetrics"/>, purpose and service <c>scoring</c>; errors also per hour
/// in the database for the dashboard), and the tokens added to the conversation's own counts
/// (<see cref="Data.Entities.Conversation.ScoringInputTokens"/>) for the dashboard's cost per scenario.
/// </summary>
public sealed class ScoringUsage(IDbContextFactory<AppDbContext> contexts, VoiceMetrics metrics)
{
    /// <summary>Adds one call's tokens (every attempt is billed, also one whose answer is then rejected).</summary>
    public async Task AddTokensAsync(Guid conversationId, ScoringAnswer answer, CancellationToken cancellationToken)
    {
        metrics.ScoringTokens(answer.InputTokens, answer.OutputTokens);
        if (answer.InputTokens <= 0 && answer.OutputTokens <= 0)
            return;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // An atomic increment: a job run twice (two replicas) adds both calls, as both were billed.
        await db.Conversations.Where(c => c.Id == conversationId).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.ScoringInputTokens, c => c.ScoringInputTokens + answer.InputTokens)
            .SetProperty(c => c.ScoringOutputTokens, c => c.ScoringOutputTokens + answer.OutputTokens), cancellationToken);
    }

    /// <summary>A scoring call failed upstream: counted by its error code under the service <c>scoring</c>.</summary>
    public void Failed(UpstreamException error) => metrics.ScoringError(error);
}
