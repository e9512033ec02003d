using System.Threading.Channels;
using VoiceSite.Audio;
using VoiceSite.Recordings;
using VoiceSite.Voice.Upstream;

namespace VoiceSite.Voice.Pipeline;

/// <summary>
/// One spoken answer in pipeline mode: the chat stream is cut into sentences as it arrives, each sentence is sent to
/// text-to-speech at once (the next one is requested while the current one plays), and audio is relayed to the
/// browser as each response body arrives. The sentence's text goes to the browser when its audio starts, so what
/// is shown follows what is heard. <see cref="Cancel"/> (barge-in) stops chat and speech at once.
/// </summary>
internal sealed partial class PipelineReply(
    ChatStreamer chat,
    TextToSpeechClient tts,
    IVoiceClient client,
    TimeProvider clock,
    string voice,
    long? speechStoppedAt,
    SpeakingRate rate,
    SessionRecorder recorder)
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly List<SpokenSentence> _spoken = [];
    private readonly object _gate = new();
    private UpstreamException? _failure;
    private int _ttsCharacters;

    public Guid TurnId { get; } = Guid.NewGuid();
    public DateTime StartedAt { get; } = clock.GetUtcNow().UtcDateTime;

    public int? ChatFirstTokenMs { get; private set; }
    public int? TtsFirstByteMs { get; private set; }
    public int? ResponseLatencyMs { get; private set; }
    public ChatUsage? Usage { get; private set; }

    /// <summary>Set once the reply has been stored (guarded by the session).</summary>
    public bool Done { get; set; }

    /// <summary>Set when the browser reported barge-in: the audio heard, clamped to the audio relayed.</summary>
    public int? HeardMs { get; set; }

    public bool Cancelled => _cancel.IsCancellationRequested;

    /// <summary>
    /// Characters of the sentences text-to-speech accepted (what it bills), also of one fetched ahead and never played
    /// because the reply was cut off.
    /// </summary>
    public int TtsCharacters => Volatile.Read(ref _ttsCharacters);

    /// <summary>The upstream failure that ended the reply (reported to the browser), if one did.</summary>
    public UpstreamException? Failure => _failure;

    public long AudioBytes
    {
        get { lock (_gate) return _spoken.Sum(s => s.AudioBytes); }
    }

    public double AudioMs => Pcm16.DurationMs(AudioBytes);

    /// <summary>The sentences whose audio reached the browser.</summary>
    public string SpokenText
    {
        get { lock (_gate) return string.Join(' ', _spoken.Select(s => s.Text)); }
    }

    /// <summary>
    /// What the user heard: whole sentences before <see cref="HeardMs"/>, and the heard part of the one cut off (in
    /// proportion to its whole audio, estimated from its length when its speech was stopped before it all arrived).
    /// </summary>
    public string HeardText
    {
        get
        {
            // Cut off by the user's voice before the browser reported what it played: at most what was relayed.
            if ((HeardMs is { } played ? played : Cancelled ? AudioMs : (double?)null) is not { } heard)
                return SpokenText;
            lock (_gate)
            {
                var parts = new List<string>();
                var start = 0.0;
                foreach (var sentence in _spoken)
                {
                    var ms = sentence.ExpectedMs(rate);
                    if (start + ms <= heard)
                        parts.Add(sentence.Text);
                    else if (VoiceSite.Voice.HeardText.Cut(sentence.Text, heard - start, ms) is { Length: > 0 } partial)
                        parts.Add(partial);
                    if (start + ms > heard)
                        break;
                    start += ms;
                }
                return string.Join(' ', parts);
            }
        }
    }

    public void Cancel() => _cancel.Cancel();

    /// <summary>
    /// Runs the reply to its end, or until cancelled. Upstream failures are reported to the browser as an Error and
    /// end the reply (what was spoken so far stays); returns whether it completed.
    /// </summary>
    public async Task<bool> RunAsync(string instructions, IReadOnlyList<ChatTurn> history)
    {
        var token = _cancel.Token;
        var sentences = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        Task speaking = Task.CompletedTask;
        try
        {
            await using var reply = await chat.StartAsync(instructions, history, Tools, token);
            speaking = SpeakAsync(sentences.Reader, token);
            var splitter = new SentenceSplitter();
            await foreach (var delta in reply.ReadTextAsync(token))
            {
                ChatFirstTokenMs ??= (int?)reply.TimeToFirstToken?.TotalMilliseconds;
                foreach (var sentence in splitter.Push(delta))
                    sentences.Writer.TryWrite(sentence);
            }
            if (splitter.Flush() is { } rest)
                sentences.Writer.TryWrite(rest);
            sentences.Writer.TryComplete();
            Usage = reply.Usage;
            ToolCalls = reply.ToolCalls; // coaching (PipelineReply.Coaching.cs)
            await speaking;
            return !token.IsCancellationRequested;
        }
        catch (Exception e) when (e is OperationCanceledException or UpstreamException)
        {
            // Barge-in, or chat or speech failed: stop both halves. The caller stores what was spoken.
            if (e is UpstreamException failed)
                _failure ??= failed;
            _cancel.Cancel();
            sentences.Writer.TryComplete();
            await Quietly(speaking);
            if (_failure is { } failure)
                await client.Error(failure.ErrorCode, $"{failure.Message} Say it again to retry.");
            return false;
        }
    }

    /// <summary>Speaks sentences in order; the next sentence's request is already running while one plays.</summary>
    private async Task SpeakAsync(ChannelReader<string> sentences, CancellationToken token)
    {
        Task<SynthesizedSpeech>? next = null;
        string? nextText = null;
        try
        {
            while (true)
            {
                if (next is null)
                {
                    if (!await sentences.WaitToReadAsync(token) || !sentences.TryRead(out nextText))
                        return;
                    next = SynthesizeAsync(nextText, token);
                }
                var text = nextText!;
                await using var speech = await next;
                next = null;
                var sentence = new SpokenSentence(text);
                await foreach (var chunk in speech.ReadAudioAsync(token))
                {
                    if (next is null && sentences.TryRead(out nextText))
                        next = SynthesizeAsync(nextText, token);
                    await RelayAsync(sentence, speech, chunk.ToArray());
                }
                sentence.Complete = true;
                rate.Observe(sentence.Text.Length, Pcm16.DurationMs(sentence.AudioBytes));
            }
        }
        catch (UpstreamException e)
        {
            _failure ??= e;
            _cancel.Cancel();
            throw;
        }
        finally
        {
            if (next is not null)
                await Quietly(DisposeWhenDone(next));
        }
    }

    /// <summary>Starts the synthesis of a sentence; once the service has accepted it, its characters are counted.</summary>
    private async Task<SynthesizedSpeech> SynthesizeAsync(string text, CancellationToken token)
    {
        var speech = await tts.StartAsync(text, voice, cancellationToken: token);
        Interlocked.Add(ref _ttsCharacters, text.Length);
        return speech;
    }

    private async Task RelayAsync(SpokenSentence sentence, SynthesizedSpeech speech, byte[] chunk)
    {
        bool first, later;
        lock (_gate)
        {
            first = sentence.AudioBytes == 0;
            if (first)
                _spoken.Add(sentence);
            later = _spoken.Count > 1;
            sentence.AudioBytes += chunk.Length;
        }
        if (first)
        {
            if (TtsFirstByteMs is null && speech.TimeToFirstByte is { } ttfb)
                TtsFirstByteMs = (int)ttfb.TotalMilliseconds;
            if (ResponseLatencyMs is null && speechStoppedAt is { } stopped)
                ResponseLatencyMs = (int)clock.GetElapsedTime(stopped).TotalMilliseconds;
            await client.AssistantTranscriptDelta(TurnId.ToString(), (later ? " " : "") + sentence.Text);
        }
        recorder.Assistant(TurnId, chunk);
        await client.Audio(chunk);
    }

    private static async Task DisposeWhenDone(Task<SynthesizedSpeech> pending) => await (await pending).DisposeAsync();

    private static async Task Quietly(Task task)
    {
        try { await task; }
        catch (Exception e) when (e is OperationCanceledException or UpstreamException) { }
    }

    private sealed class SpokenSentence(string text)
    {
        public string Text { get; } = text;
        public long AudioBytes { get; set; }
        public bool Complete { get; set; }

        /// <summary>The sentence's whole audio: what arrived once complete, otherwise at least the session's speaking rate's worth.</summary>
        public double ExpectedMs(SpeakingRate rate) => Complete
            ? Pcm16.DurationMs(AudioBytes)
            : rate.ExpectedMs(Text, Pcm16.DurationMs(AudioBytes));
    }
}
