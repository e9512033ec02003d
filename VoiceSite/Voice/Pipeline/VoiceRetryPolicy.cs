using System.ClientModel.Primitives;

namespace VoiceSite.Voice.Pipeline;

/// <summary>
/// Retries for calls a person is waiting on: at most one retry, soon (250 ms), and none for 429 (a rate limit asks for
/// seconds; the turn fails at once with a clear message instead of leaving the user in silence).
/// </summary>
internal sealed class VoiceRetryPolicy() : ClientRetryPolicy(maxRetries: 1)
{
    protected override bool ShouldRetry(PipelineMessage message, Exception? exception) =>
        message.Response?.Status != 429 && base.ShouldRetry(message, exception);

    protected override ValueTask<bool> ShouldRetryAsync(PipelineMessage message, Exception? exception) =>
        message.Response?.Status == 429 ? ValueTask.FromResult(false) : base.ShouldRetryAsync(message, exception);

    protected override TimeSpan GetNextDelay(PipelineMessage message, int tryCount) => TimeSpan.FromMilliseconds(250);
}
