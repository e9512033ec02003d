namespace VoiceSite.Voice.Pipeline;

/// <summary>Log messages of the pipeline clients. Never a key, never audio or conversation text.</summary>
internal static partial class PipelineLog
{
    [LoggerMessage(1000, LogLevel.Warning, "{Service} answered HTTP {Status}: {Body}")]
    public static partial void UpstreamRefused(ILogger logger, string service, int status, string body);

    [LoggerMessage(1001, LogLevel.Warning, "{Service} call failed: {Failure}")]
    public static partial void UpstreamFailed(ILogger logger, string service, string failure, Exception exception);

    [LoggerMessage(1010, LogLevel.Debug, "Speech recognition started ({Language})")]
    public static partial void RecognitionStarted(ILogger logger, string language);

    [LoggerMessage(1011, LogLevel.Information, "Speech recognition {Status}: {AudioMs:0} ms of audio, result after {LatencyMs:0} ms")]
    public static partial void RecognitionCompleted(ILogger logger, string status, double audioMs, double latencyMs);

    [LoggerMessage(1012, LogLevel.Debug, "Speech recognition aborted after {AudioMs:0} ms of audio")]
    public static partial void RecognitionAborted(ILogger logger, double audioMs);

    [LoggerMessage(1020, LogLevel.Debug, "Synthesis of {Characters} characters with {Voice}: first byte after {FirstByteMs:0} ms")]
    public static partial void SynthesisFirstByte(ILogger logger, int characters, string voice, double firstByteMs);

    [LoggerMessage(1021, LogLevel.Debug, "Synthesis done: {Bytes} bytes ({AudioMs:0} ms of audio)")]
    public static partial void SynthesisDone(ILogger logger, long bytes, double audioMs);

    [LoggerMessage(1030, LogLevel.Information, "Voice list: {Count} voices from the service")]
    public static partial void VoicesLoaded(ILogger logger, int count);

    [LoggerMessage(1031, LogLevel.Warning, "Voice list unavailable, using the built-in list: {Reason}")]
    public static partial void VoicesFallback(ILogger logger, string reason);

    [LoggerMessage(1040, LogLevel.Debug, "Chat reply started ({Messages} messages, deployment {Deployment}); first token after {FirstTokenMs:0} ms")]
    public static partial void ChatFirstToken(ILogger logger, int messages, string deployment, double firstTokenMs);

    [LoggerMessage(1041, LogLevel.Debug, "Chat reply finished ({FinishReason}): {InputTokens} input, {OutputTokens} output tokens")]
    public static partial void ChatFinished(ILogger logger, string finishReason, int inputTokens, int outputTokens);
}
