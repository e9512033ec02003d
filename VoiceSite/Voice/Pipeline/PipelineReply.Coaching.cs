using System.Threading.Channels;
using VoiceSite.Voice.Upstream;

namespace VoiceSite.Voice.Pipeline;

/// <summary>Coaching: the tools offered to the chat model and the calls it made, and speaking a fixed line (the opening).</summary>
internal sealed partial class PipelineReply
{
    /// <summary>Functions the chat model may call in this reply.</summary>
    public IReadOnlyList<ChatToolDefinition> Tools { get; init; } = [];

    /// <summary>The functions the model called (set when its answer has streamed to the end).</summary>
    public IReadOnlyList<ChatToolCallRequest> ToolCalls { get; private set; } = [];

    /// <summary>Speaks <paramref name="text"/> (no chat) sentence by sentence, like a reply; returns whether it completed.</summary>
    public async Task<bool> RunScriptedAsync(string text)
    {
        var token = _cancel.Token;
        var sentences = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var splitter = new SentenceSplitter();
        foreach (var sentence in splitter.Push(text))
            sentences.Writer.TryWrite(sentence);
        if (splitter.Flush() is { } rest)
            sentences.Writer.TryWrite(rest);
        sentences.Writer.TryComplete();
        try
        {
            await SpeakAsync(sentences.Reader, token);
            return !token.IsCancellationRequested;
        }
        catch (Exception e) when (e is OperationCanceledException or UpstreamException)
        {
            _cancel.Cancel();
            if (_failure is { } failure)
                await client.Error(failure.ErrorCode, $"{failure.Message} Start talking whenever you are ready.");
            return false;
        }
    }
}
