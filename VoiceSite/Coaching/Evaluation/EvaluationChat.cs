using System.ClientModel.Primitives;
using Microsoft.Extensions.Options;
using OpenAI.Chat;
using VoiceSite.Voice.Pipeline;
using VoiceSite.Voice.Upstream;

namespace VoiceSite.Coaching;

/// <summary>The chat service's answer to a scoring request, and the tokens it was billed for.</summary>
/// <param name="Text">The answer's JSON text (empty when the model declined).</param>
/// <param name="Refusal">Why the model declined to answer, when it did.</param>
public sealed record ScoringAnswer(string Text, string? Refusal, int InputTokens, int OutputTokens);

/// <summary>
/// The evaluation's call to the chat service: the configured Azure OpenAI chat deployment (or the simulator), built like
/// the pipeline's (<see cref="ChatClients"/>), asked for a JSON-schema structured answer. No retries here: the evaluation
/// job retries with backoff. A typed <see cref="HttpClient"/>: resolve one per use.
/// </summary>
public sealed class EvaluationChat(
    HttpClient http,
    IUpstreamDirectory upstreams,
    IOptions<ChatOptions> options,
    EntraCredential credentials)
{
    /// <summary>Longest wait for the answer: a long transcript takes a while to assess.</summary>
    public static readonly TimeSpan NetworkTimeout = TimeSpan.FromSeconds(120);

    public bool IsAvailable => upstreams.Chat is not null;

    public string Deployment => options.Value.Deployment;

    /// <summary>The answer (or the model's refusal) with its token usage: billed either way.</summary>
    /// <exception cref="UpstreamException">The service refused, failed, timed out or could not be reached.</exception>
    public async Task<ScoringAnswer> CompleteAsync(string system, string user, string schemaName, BinaryData schema, CancellationToken cancellationToken)
    {
        var client = ChatClients.Create(http, upstreams, options.Value, credentials, new ClientRetryPolicy(maxRetries: 0), NetworkTimeout);
        var request = new ChatCompletionOptions
        {
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat(schemaName, schema,
                "Scored feedback on a role-play conversation, with verbatim quotes.", jsonSchemaIsStrict: true),
            Temperature = 0.2f,
        };
        try
        {
            var completion = await client.CompleteChatAsync([new SystemChatMessage(system), new UserChatMessage(user)], request, cancellationToken);
            var value = completion.Value;
            return new ScoringAnswer(string.Concat(value.Content.Select(p => p.Text)), value.Refusal is { Length: > 0 } refusal ? refusal : null,
                value.Usage?.InputTokenCount ?? 0, value.Usage?.OutputTokenCount ?? 0);
        }
        catch (Exception e) when (e is not UpstreamException && !(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            throw ChatStreamer.Map(e, answerStarted: false);
        }
    }
}
