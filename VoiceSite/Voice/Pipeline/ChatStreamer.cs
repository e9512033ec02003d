using System.ClientModel;
using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;
using Azure.AI.OpenAI;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Chat;
using VoiceSite.Voice.Upstream;
using OpenAIChatMessage = OpenAI.Chat.ChatMessage;

namespace VoiceSite.Voice.Pipeline;

/// <summary>
/// The pipeline's language model, streamed: Azure OpenAI through <c>Azure.AI.OpenAI</c> (key, or Entra ID when no key is
/// set), or any OpenAI-compatible endpoint through <c>OpenAI.Chat.ChatClient</c> when <see cref="ChatOptions.Api"/> is
/// <see cref="ChatApiKind.OpenAICompatible"/>.
/// </summary>
/// <remarks>
/// Where the service is and its key come from <see cref="IUpstreamDirectory.Chat"/> (Azure, or the built-in simulator,
/// which serves both wire shapes). A typed <see cref="HttpClient"/> (registered by <c>AddPipelineClients</c>): resolve
/// one per use or per session.
/// </remarks>
public sealed class ChatStreamer(
    HttpClient http,
    IUpstreamDirectory upstreams,
    IOptions<ChatOptions> options,
    EntraCredential credentials,
    TimeProvider time,
    ILogger<ChatStreamer> logger,
    IOptions<UpstreamTimeouts>? timeouts = null)
{
    private readonly UpstreamTimeouts _timeouts = timeouts?.Value ?? new UpstreamTimeouts();

    /// <summary>Longest wait for the answer's headers, and for each piece of the stream after that.</summary>
    private TimeSpan NetworkTimeout => _timeouts.Handshake > _timeouts.FirstEvent ? _timeouts.Handshake : _timeouts.FirstEvent;

    private ChatClient? _client;

    /// <summary>True when chat is configured (or simulated).</summary>
    public bool IsAvailable => upstreams.Chat is not null;

    public string Deployment => options.Value.Deployment;

    /// <summary>
    /// Sends the conversation and waits for the start of the streamed answer (HTTP errors are thrown here); the text
    /// then comes from <see cref="ChatReply.ReadTextAsync"/>. Dispose the reply (disposing early stops the stream).
    /// </summary>
    /// <param name="instructions">The system message (the rendered scenario instructions); none when blank.</param>
    /// <param name="history">The conversation so far, oldest first, ending with the user's new turn; blank turns are skipped.</param>
    /// <param name="cancellationToken">Cancels the whole reply (barge-in), not just the start.</param>
    /// <exception cref="UpstreamException">Refused key, rate limit, unknown deployment, service error, no connection, timeout.</exception>
    public Task<ChatReply> StartAsync(string? instructions, IReadOnlyList<ChatTurn> history, CancellationToken cancellationToken = default) =>
        StartAsync(instructions, history, [], cancellationToken);

    /// <summary>As <see cref="StartAsync(string?, IReadOnlyList{ChatTurn}, CancellationToken)"/>, offering the model <paramref name="tools"/>
    /// (their calls come in <see cref="ChatReply.ToolCalls"/>).</summary>
    public async Task<ChatReply> StartAsync(string? instructions, IReadOnlyList<ChatTurn> history, IReadOnlyList<ChatToolDefinition> tools,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(history);
        var client = _client ??= CreateClient();
        var messages = new List<OpenAIChatMessage>(history.Count + 1);
        if (!string.IsNullOrWhiteSpace(instructions))
            messages.Add(new SystemChatMessage(instructions));
        foreach (var turn in history)
        {
            if (Message(turn) is { } message)
                messages.Add(message);
        }
        var request = new ChatCompletionOptions();
        foreach (var tool in tools)
            request.Tools.Add(ChatTool.CreateFunctionTool(tool.Name, tool.Description, tool.Parameters, functionSchemaIsStrict: true));

        var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var started = time.GetTimestamp();
        IAsyncEnumerator<StreamingChatCompletionUpdate>? updates = null;
        // Until the first token: the handshake (headers) and the first event; after it the client's per-read timeout.
        cts.CancelAfter(_timeouts.Handshake + _timeouts.FirstEvent);
        try
        {
            updates = client.CompleteChatStreamingAsync(messages, request, cts.Token).GetAsyncEnumerator(cts.Token);
            var hasFirst = await updates.MoveNextAsync();
            cts.CancelAfter(Timeout.InfiniteTimeSpan);
            return new ChatReply(updates, hasFirst, cts, started, messages.Count, Deployment, time, logger);
        }
        catch (Exception e)
        {
            if (updates is not null)
                await DisposeQuietlyAsync(updates);
            var cancelled = cancellationToken.IsCancellationRequested;
            cts.Dispose();
            if (e is OperationCanceledException && cancelled)
                throw;
            throw Failed(logger, Map(e, answerStarted: false));
        }
    }

    /// <summary>A history turn as a chat message; null for a blank text turn (skipped).</summary>
    private static OpenAIChatMessage? Message(ChatTurn turn) => turn switch
    {
        { Role: ChatRole.Tool, ToolCallId: { } id } => new ToolChatMessage(id, turn.Text),
        { Role: ChatRole.Assistant, ToolCalls: { Count: > 0 } calls } =>
            new AssistantChatMessage(calls.Select(c => ChatToolCall.CreateFunctionToolCall(c.Id, c.Name, BinaryData.FromString(c.Arguments)))),
        _ when string.IsNullOrWhiteSpace(turn.Text) || turn.Role == ChatRole.Tool => null,
        { Role: ChatRole.User } => new UserChatMessage(turn.Text),
        _ => new AssistantChatMessage(turn.Text),
    };

    /// <summary>Streams the reply's text deltas (convenience over <see cref="StartAsync(string?, IReadOnlyList{ChatTurn}, CancellationToken)"/>).</summary>
    public async IAsyncEnumerable<string> StreamAsync(
        string? instructions, IReadOnlyList<ChatTurn> history, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var reply = await StartAsync(instructions, history, cancellationToken);
        await foreach (var delta in reply.ReadTextAsync(cancellationToken))
            yield return delta;
    }

    private ChatClient CreateClient() =>
        ChatClients.Create(http, upstreams, options.Value, credentials, new VoiceRetryPolicy(), NetworkTimeout);

    internal static Uri ResourceRoot(Uri baseUri)
    {
        var path = baseUri.AbsolutePath;
        foreach (var suffix in new[] { "/openai/v1/", "/openai/" })
        {
            if (path.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                return new Uri(baseUri, path[..^(suffix.Length - 1)]);
        }
        return baseUri;
    }

    /// <summary>Maps an exception of the OpenAI client (not the caller's cancellation) to an <see cref="UpstreamException"/>.</summary>
    internal static UpstreamException Map(Exception exception, bool answerStarted)
    {
        switch (exception)
        {
            case UpstreamException u:
                return u;
            case AggregateException { InnerExceptions.Count: > 0 } retried:
                // The retry policy gave up: the last try says what happened.
                return Map(retried.InnerExceptions[^1], answerStarted);
            case ClientResultException { Status: > 0 } result:
                TimeSpan? retryAfter = null;
                if (result.GetRawResponse()?.Headers.TryGetValue("Retry-After", out var value) == true
                    && double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
                    retryAfter = TimeSpan.FromSeconds(seconds);
                return UpstreamException.FromStatus(UpstreamServiceKind.Chat, result.Status, retryAfter);
            case ClientResultException { InnerException: { } inner }:
                // No HTTP answer: the transport's exception says why.
                var failure = UpstreamHttp.FromException(UpstreamServiceKind.Chat, inner, answerStarted).Failure;
                return new UpstreamException(UpstreamServiceKind.Chat, failure, innerException: exception);
            case OperationCanceledException:
                return new UpstreamException(UpstreamServiceKind.Chat, UpstreamFailure.Timeout, innerException: exception);
            default:
                return UpstreamHttp.FromException(UpstreamServiceKind.Chat, exception, answerStarted);
        }
    }

    internal static UpstreamException Failed(ILogger logger, UpstreamException error)
    {
        PipelineLog.UpstreamFailed(logger, UpstreamException.ServiceName(error.Service), error.Failure.ToString(), error);
        return error;
    }

    internal static async ValueTask DisposeQuietlyAsync(IAsyncEnumerator<StreamingChatCompletionUpdate> updates)
    {
        try
        {
            await updates.DisposeAsync();
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException or ClientResultException)
        {
        }
    }
}
