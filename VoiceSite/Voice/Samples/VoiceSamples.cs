using Microsoft.Extensions.Caching.Memory;
using VoiceSite.Audio;
using VoiceSite.Data.Entities;
using VoiceSite.Scenarios;
using VoiceSite.Voice.Pipeline;
using VoiceSite.Voice.Realtime;
using VoiceSite.Voice.Upstream;

namespace VoiceSite.Voice.Samples;

/// <summary>
/// Short samples of each voice, synthesised by the configured services (the simulator on the embedded default)
/// and kept in memory, so hearing a voice before choosing it costs one synthesis per voice, not one per click.
/// </summary>
public sealed partial class VoiceSamples(
    IVoiceCatalog catalog,
    VoiceModeAvailability availability,
    TextToSpeechClient tts,
    RealtimeVoiceSample realtime,
    IMemoryCache cache,
    ILogger<VoiceSamples> logger)
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromHours(12);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>A WAV of the voice introducing itself; null when the voice is not offered or its mode is not available.</summary>
    /// <exception cref="VoiceSessionException">The service could not speak it now (a readable reason).</exception>
    public async Task<byte[]?> GetAsync(VoiceMode mode, string voice, CancellationToken cancellationToken)
    {
        if (!availability.For(mode).Available)
            return null;
        var voices = mode == VoiceMode.Realtime ? await catalog.GetRealtimeVoicesAsync(cancellationToken) : await catalog.GetPipelineVoicesAsync(cancellationToken);
        if (voices.FirstOrDefault(v => string.Equals(v.Id, voice, StringComparison.Ordinal)) is not { } option)
            return null;
        var key = (nameof(VoiceSamples), mode, option.Id);
        if (cache.TryGetValue(key, out byte[]? cached) && cached is not null)
            return cached;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var line = $"Hi, I'm {FirstName(option.DisplayName)}. Shall we practise your conversation together?";
        byte[] pcm;
        try
        {
            pcm = mode == VoiceMode.Realtime
                ? await realtime.SynthesizeAsync(option.Id, line, timeout.Token)
                : await SynthesizeSpeechAsync(option.Id, line, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new VoiceSessionException("The voice service took too long to answer. Try the sample again in a moment.");
        }
        catch (UpstreamException e)
        {
            LogFailed(mode.ToString(), e.ErrorCode);
            throw new VoiceSessionException("The voice service could not speak a sample just now. Try again in a moment.", e);
        }
        var wav = new byte[WavHeader.Create(Pcm16.SampleRate, pcm.Length).Length + pcm.Length];
        WavHeader.Create(Pcm16.SampleRate, pcm.Length).CopyTo(wav, 0);
        pcm.CopyTo(wav, wav.Length - pcm.Length);
        cache.Set(key, wav, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = KeepFor });
        LogSynthesized(mode.ToString(), option.Id, pcm.Length);
        return wav;
    }

    private async Task<byte[]> SynthesizeSpeechAsync(string voice, string line, CancellationToken cancellationToken)
    {
        using var audio = new MemoryStream();
        await foreach (var chunk in tts.SynthesizeAsync(line, voice, cancellationToken: cancellationToken))
        {
            audio.Write(chunk.Span);
            if (audio.Length >= RealtimeVoiceSample.MaxBytes)
                break;
        }
        return audio.ToArray();
    }

    /// <summary>"Ava Multilingual (US English, female)" -> "Ava".</summary>
    private static string FirstName(string displayName) =>
        displayName.Split([' ', '('], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? displayName;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Mode} voice sample of {Voice} synthesised ({Bytes} bytes of audio)")]
    private partial void LogSynthesized(string mode, string voice, int bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Mode} voice sample failed: {Code}")]
    private partial void LogFailed(string mode, string code);
}
