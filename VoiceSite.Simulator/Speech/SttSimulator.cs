using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VoiceSite.Audio;

namespace VoiceSite.Simulator.Speech;

/// <summary>
/// Stand-in for Azure's speech-to-text REST API for short audio. Reads the (chunked) WAV body as it streams in, runs
/// the energy VAD over it and answers like Azure: <c>Success</c> with <c>"(N.N s of speech)"</c> (the voiced length,
/// edge to edge), <c>NoMatch</c> or <c>InitialSilenceTimeout</c> without speech, 400 for a format it does not take or
/// for more than 60 s of audio.
/// </summary>
internal static partial class SttSimulator
{
    public const int SampleRate = 16_000;
    public static readonly TimeSpan MaxAudio = TimeSpan.FromSeconds(60);

    /// <summary>With DropMidResponse, the connection is dropped after this much audio (or at the end of a shorter upload).</summary>
    public static readonly TimeSpan DropAfter = TimeSpan.FromMilliseconds(500);

    public static async Task HandleAsync(HttpContext context, IOptionsMonitor<SimulatorOptions> monitor, ILoggerFactory loggers)
    {
        var options = monitor.CurrentValue;
        var service = options.Stt;
        var logger = loggers.CreateLogger("VoiceSite.Simulator.Speech.Stt");
        var keyValid = SimulatedRest.KeyMatches(context.Request.Headers["Ocp-Apim-Subscription-Key"], options.ApiKey);
        if (!await SimulatedRest.AdmitAsync(context, service, keyValid))
            return;

        var language = context.Request.Query["language"].ToString();
        if (string.IsNullOrWhiteSpace(language))
        {
            await SimulatedRest.WriteErrorAsync(context, 400, "BadRequest", "Language code not provided.");
            return;
        }
        var contentType = context.Request.ContentType ?? "";
        if (!contentType.Contains("audio/wav", StringComparison.OrdinalIgnoreCase)
            || !contentType.Contains("codecs=audio/pcm", StringComparison.OrdinalIgnoreCase)
            || !contentType.Contains("samplerate=16000", StringComparison.OrdinalIgnoreCase))
        {
            await SimulatedRest.WriteErrorAsync(context, 400, "BadRequest",
                "Unsupported audio format. Use Content-Type 'audio/wav; codecs=audio/pcm; samplerate=16000'.");
            return;
        }

        // Audio comes at the pace of the speaker (and stops during push-to-talk pauses): no minimum upload rate.
        if (context.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rate)
            rate.MinDataRate = null;
        var scan = await ScanAsync(context.Request.BodyReader, service.Fault == SimulatorFault.DropMidResponse, context.RequestAborted);
        if (scan.Drop)
        {
            Log.Dropped(logger, scan.Samples * 1000.0 / SampleRate);
            SimulatedRest.Drop(context);
            return;
        }
        if (scan.Error is { } error)
        {
            await SimulatedRest.WriteErrorAsync(context, 400, "BadRequest", error);
            return;
        }

        await SimulatedRest.DelayAnswerAsync(context, service);
        var detailed = string.Equals(context.Request.Query["format"], "detailed", StringComparison.OrdinalIgnoreCase);
        var answer = Answer(scan, service, detailed);
        Log.Recognized(logger, (string)answer["RecognitionStatus"]!, scan.Samples * 1000.0 / SampleRate);
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, answer, cancellationToken: context.RequestAborted);
    }

    private sealed record Scan(long Samples, long? SpeechStart, long? SpeechEnd, string? Error = null, bool Drop = false);

    /// <summary>Reads the body to its end: WAV header, then PCM through the VAD.</summary>
    private static async Task<Scan> ScanAsync(PipeReader body, bool dropMidway, CancellationToken cancellationToken)
    {
        var vad = new EnergyVad(new VadSettings(), SampleRate);
        WavFormat? format = null;
        long samples = 0;
        long? firstEdge = null, lastEdge = null;
        var maxSamples = (long)(MaxAudio.TotalSeconds * SampleRate);
        var dropAt = (long)(DropAfter.TotalSeconds * SampleRate);
        var pcm = new byte[8192];

        while (true)
        {
            var read = await body.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            if (format is null)
            {
                var header = buffer.Length > 4096 ? buffer.Slice(0, 4096).ToArray() : buffer.ToArray();
                var parse = WavHeader.TryParse(header, out var parsed, out var headerLength);
                string? error = parse switch
                {
                    WavParseResult.Invalid => "Invalid WAV header: the body must be a RIFF/WAVE file with PCM audio.",
                    WavParseResult.NeedMoreData when read.IsCompleted || buffer.Length > 4096 => "Invalid WAV header: no data chunk.",
                    WavParseResult.Ok when !parsed.IsPcm16Mono(SampleRate) => string.Create(CultureInfo.InvariantCulture,
                        $"Unsupported audio format: {parsed.SampleRate} Hz, {parsed.Channels} channel(s), {parsed.BitsPerSample} bit. Use 16 kHz, mono, 16-bit PCM."),
                    _ => null,
                };
                if (error is not null)
                {
                    body.AdvanceTo(buffer.End); // a read must be ended before the server can drain the rest
                    return new Scan(0, null, null, error);
                }
                if (parse == WavParseResult.NeedMoreData)
                {
                    body.AdvanceTo(buffer.Start, buffer.End);
                    continue;
                }
                format = parsed;
                buffer = buffer.Slice(headerLength);
            }

            // Whole samples only; an odd byte waits for the next read. Copied out in pieces (a sample may straddle segments).
            var usable = buffer.Slice(0, buffer.Length & ~1L);
            for (var rest = usable; !rest.IsEmpty;)
            {
                var piece = rest.Slice(0, Math.Min(pcm.Length, rest.Length));
                piece.CopyTo(pcm);
                Feed(pcm.AsSpan(0, (int)piece.Length));
                rest = rest.Slice(piece.End);
            }
            body.AdvanceTo(usable.End, buffer.End);

            if (samples > maxSamples)
                return new Scan(samples, null, null, "Audio duration exceeds the 60 seconds allowed for short audio.");
            if (dropMidway && samples >= dropAt)
                return new Scan(samples, null, null, Drop: true);
            if (read.IsCompleted)
                break;
        }

        if (vad.Flush() is { } stop)
            lastEdge = stop.SpeechEdgeSample;
        return dropMidway ? new Scan(samples, null, null, Drop: true) : new Scan(samples, firstEdge, lastEdge);

        void Feed(ReadOnlySpan<byte> chunk)
        {
            samples += chunk.Length / 2;
            foreach (var e in vad.Process(chunk))
            {
                if (e.Kind == VadEventKind.SpeechStarted)
                    firstEdge ??= e.SpeechEdgeSample;
                else
                    lastEdge = e.SpeechEdgeSample;
            }
        }
    }

    /// <summary>Azure's JSON for the scan (ticks of 100 ns). The detailed format adds NBest.</summary>
    private static Dictionary<string, object?> Answer(Scan scan, SpeechToTextSimulatorOptions service, bool detailed)
    {
        const long TicksPerSample = TimeSpan.TicksPerSecond / SampleRate;
        if (scan.SpeechStart is not { } start || scan.SpeechEnd is not { } end || end <= start)
        {
            var silenceMs = scan.Samples * 1000.0 / SampleRate;
            return silenceMs >= service.InitialSilenceTimeoutMs
                ? new() { ["RecognitionStatus"] = "InitialSilenceTimeout", ["Offset"] = scan.Samples * TicksPerSample, ["Duration"] = 0L }
                : new() { ["RecognitionStatus"] = "NoMatch", ["Offset"] = 0L, ["Duration"] = scan.Samples * TicksPerSample };
        }

        var speechMs = (end - start) * 1000.0 / SampleRate;
        var display = SimulatedReply.UserTranscript(speechMs);
        var answer = new Dictionary<string, object?>
        {
            ["RecognitionStatus"] = "Success",
            ["Offset"] = start * TicksPerSample,
            ["Duration"] = (end - start) * TicksPerSample,
            ["DisplayText"] = display,
        };
        if (detailed)
        {
            var lexical = display.Trim('(', ')');
            answer["NBest"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["Confidence"] = 0.93,
                    ["Lexical"] = lexical,
                    ["ITN"] = lexical,
                    ["MaskedITN"] = lexical,
                    ["Display"] = display,
                },
            };
        }
        return answer;
    }

    private static partial class Log
    {
        [LoggerMessage(2100, LogLevel.Debug, "Simulated STT: {Status} for {AudioMs:0} ms of audio")]
        public static partial void Recognized(ILogger logger, string status, double audioMs);

        [LoggerMessage(2101, LogLevel.Information, "Simulated STT: dropping the connection after {AudioMs:0} ms of audio (fault)")]
        public static partial void Dropped(ILogger logger, double audioMs);
    }
}
