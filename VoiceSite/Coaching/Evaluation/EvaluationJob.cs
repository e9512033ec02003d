using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using VoiceSite.Data;
using VoiceSite.Jobs;
using VoiceSite.Voice.Upstream;

namespace VoiceSite.Coaching;

/// <summary>
/// The durable job that scores a finished conversation: its stored transcript, with the briefing, objective, persona and
/// rubric it was started with, goes to the chat service for a JSON-schema answer; the answer is checked (every quote must
/// be in the transcript) and stored. Upstream errors and answers with invented quotes are retried with backoff; after the
/// last attempt the job fails and nothing unchecked is ever stored. Each call's tokens and each upstream failure are
/// reported (<see cref="ScoringUsage"/>), whatever becomes of the answer.
/// </summary>
public sealed partial class EvaluationJob(
    IDbContextFactory<AppDbContext> contexts,
    IServiceProvider services,
    EvaluationStore store,
    ScoringUsage usage,
    ILogger<EvaluationJob> logger) : IJobHandler
{
    public const string Kind = "evaluation";

    public static string KeyFor(Guid conversationId) => $"evaluation:{conversationId}";

    string IJobHandler.Kind => Kind;

    public async Task RunAsync(JobRun run, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.Deserialize<EvaluationJobPayload>(run.Payload)
            ?? throw new JobFailedException("The job does not say which conversation to evaluate.");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var conversation = await db.Conversations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == payload.ConversationId, cancellationToken);
        if (conversation is null)
        {
            LogGone(payload.ConversationId);
            return; // deleted meanwhile: nothing left to score
        }
        if (!conversation.Coaching.HasRubric)
            throw new JobFailedException("This conversation's scenario had no rubric, so there is nothing to score against.");
        var turns = await db.Turns.AsNoTracking().Where(t => t.ConversationId == conversation.Id)
            .OrderBy(t => t.StartedAt).ThenBy(t => t.Sequence).ToListAsync(cancellationToken);
        var transcript = EvaluationTranscript.From(turns);
        if (!transcript.LearnerSpoke)
            throw new JobFailedException("Nothing you said was transcribed, so there is nothing to score.");

        var chat = services.GetRequiredService<EvaluationChat>();
        if (!chat.IsAvailable)
            throw new JobRetryException("The chat service is not configured yet.");
        var answer = await AskAsync(chat, conversation, transcript, cancellationToken);

        var reading = EvaluationReader.Read(answer, conversation.Coaching.Rubric, conversation.Coaching.PassMark, transcript);
        if (!reading.IsValid)
        {
            LogRejected(conversation.Id, run.Attempt, string.Join(" ", reading.Problems));
            var message = reading.InventedQuotes
                ? "The feedback quoted words that were not said in the conversation, so it was not shown."
                : "The feedback did not follow the rubric, so it was not shown.";
            throw new JobRetryException(message);
        }
        await store.SaveAsync(conversation.Id, reading.Draft!, chat.Deployment, cancellationToken);
        LogStored(conversation.Id, reading.Draft!.Score, reading.Draft.Passed);
    }

    /// <summary>The model's answer (JSON text); its tokens are counted first, and a failure is counted and becomes the job's outcome.</summary>
    private async Task<string> AskAsync(EvaluationChat chat, Data.Entities.Conversation conversation, EvaluationTranscript transcript,
        CancellationToken cancellationToken)
    {
        try
        {
            var answer = await chat.CompleteAsync(EvaluationPrompt.System, EvaluationPrompt.User(conversation, transcript),
                EvaluationSchema.Name, EvaluationSchema.For(conversation.Coaching.Rubric), cancellationToken);
            await usage.AddTokensAsync(conversation.Id, answer, cancellationToken);
            if (answer.Refusal is { } refusal)
                throw new UpstreamException(UpstreamServiceKind.Chat, UpstreamFailure.Rejected, detail: "the model declined: " + refusal);
            return answer.Text;
        }
        catch (UpstreamException e) when (e.Failure is UpstreamFailure.Unauthorized or UpstreamFailure.Rejected)
        {
            usage.Failed(e);
            throw new JobFailedException($"The feedback could not be written: {e.Message}", e);
        }
        catch (UpstreamException e)
        {
            usage.Failed(e);
            throw new JobRetryException($"The feedback could not be written yet: {e.Message}", e.RetryAfter, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Evaluation of conversation {ConversationId} stored: {Score}, passed {Passed}")]
    private partial void LogStored(Guid conversationId, int score, bool passed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Evaluation of conversation {ConversationId} rejected (attempt {Attempt}): {Problems}")]
    private partial void LogRejected(Guid conversationId, int attempt, string problems);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {ConversationId} was deleted before its evaluation ran")]
    private partial void LogGone(Guid conversationId);
}
