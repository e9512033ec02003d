using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VoiceSite.Audio;

namespace VoiceSite.Simulator.Speech;

/// <summary>
/// Stand-in for Azure's text-to-speech REST API: takes SSML, answers with <see cref="SpeechLikeAudio"/> for its text in
/// the requested raw or RIFF PCM format, streamed in chunks faster than real time; and a small voice list.
/// </summary>
internal static partial class TtsSimulator
{
    private const int MaxSsmlBytes = 64 * 1024;

    public static async Task SynthesizeAsync(HttpContext context, IOptionsMonitor<SimulatorOptions> monitor, ILoggerFactory loggers)
    {
        var options = monitor.CurrentValue;
        var service = options.Tts;
        var logger = loggers.CreateLogger("VoiceSite.Simulator.Speech.Tts");
        var keyValid = SimulatedRest.KeyMatches(context.Request.Headers["Ocp-Apim-Subscription-Key"], options.ApiKey);
        if (!await SimulatedRest.AdmitAsync(context, service, keyValid))
            return;
        context.RequestServices.GetRequiredService<SimulatorJournal>().Record(SimulatorJournal.TtsStarted);

        var mediaType = (context.Request.ContentType ?? "").Split(';')[0].Trim();
        if (!string.Equals(mediaType, "application/ssml+xml", StringComparison.OrdinalIgnoreCase))
        {
            await SimulatedRest.WriteErrorAsync(context, StatusCodes.Status415UnsupportedMediaType, "UnsupportedMediaType",
                "Content-Type should be set to application/ssml+xml.");
            return;
        }
        var format = OutputFormat().Match(context.Request.Headers["X-Microsoft-OutputFormat"].ToString());
        if (!format.Success)
        {
            await SimulatedRest.WriteErrorAsync(context, 400, "BadRequest",
                "Unsupported or missing X-Microsoft-OutputFormat (the simulator speaks raw-/riff-{8,16,24,48}khz-16bit-mono-pcm).");
            return;
        }
        var (text, voice, error) = await ReadSsmlAsync(context);
        if (error is not null)
        {
            await SimulatedRest.WriteErrorAsync(context, 400, "BadRequest", error);
            return;
        }

        var sampleRate = int.Parse(format.Groups["khz"].Value, System.Globalization.CultureInfo.InvariantCulture) * 1000;
        var pcm = SpeechLikeAudio.Synthesize(text!, sampleRate);
        var riff = format.Groups["container"].Value == "riff";
        var audio = riff ? [.. WavHeader.Create(sampleRate, pcm.Length), .. pcm] : pcm;

        await SimulatedRest.DelayAnswerAsync(context, service);
        context.Response.StatusCode = 200;
        context.Response.ContentType = riff ? "audio/x-wav" : "audio/basic";
        await context.Response.StartAsync(context.RequestAborted);

        var chunk = Math.Max(2, sampleRate * Math.Max(1, service.ChunkMs) / 1000 * Pcm16.BytesPerSample);
        var pause = service.PaceFactor > 0 ? TimeSpan.FromMilliseconds(service.ChunkMs / service.PaceFactor) : TimeSpan.Zero;
        var dropAt = service.Fault == SimulatorFault.DropMidResponse ? audio.Length / 2 : int.MaxValue;
        Log.Synthesizing(logger, voice!, text!.Length, Pcm16.DurationMs(pcm.Length, sampleRate));
        for (var offset = 0; offset < audio.Length; offset += chunk)
        {
            if (offset >= dropAt)
            {
                Log.Dropped(logger, offset);
                SimulatedRest.Drop(context);
                return;
            }
            if (offset > 0 && pause > TimeSpan.Zero)
                await Task.Delay(pause, context.RequestAborted);
            await context.Response.Body.WriteAsync(audio.AsMemory(offset, Math.Min(chunk, audio.Length - offset)), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }

    public static async Task ListVoicesAsync(HttpContext context, IOptionsMonitor<SimulatorOptions> monitor)
    {
        var options = monitor.CurrentValue;
        var keyValid = SimulatedRest.KeyMatches(context.Request.Headers["Ocp-Apim-Subscription-Key"], options.ApiKey);
        if (!await SimulatedRest.AdmitAsync(context, options.Tts, keyValid))
            return;
        await SimulatedRest.DelayAnswerAsync(context, options.Tts);
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, Voices, cancellationToken: context.RequestAborted);
    }

    /// <summary>A few entries in the shape of Azure's voices/list.</summary>
    public static readonly IReadOnlyList<Dictionary<string, object>> Voices =
    [
        Voice("en-US", "English (United States)", "Jenny", "Female"),
        Voice("en-US", "English (United States)", "Guy", "Male"),
        Voice("en-GB", "English (United Kingdom)", "Sonia", "Female"),
        Voice("de-DE", "German (Germany)", "Katja", "Female"),
        Voice("fr-FR", "French (France)", "Henri", "Male"),
    ];

    private static Dictionary<string, object> Voice(string locale, string localeName, string name, string gender) => new()
    {
        ["Name"] = $"Microsoft Server Speech Text to Speech Voice ({locale}, {name}Neural)",
        ["DisplayName"] = name,
        ["LocalName"] = name,
        ["ShortName"] = $"{locale}-{name}Neural",
        ["Gender"] = gender,
        ["Locale"] = locale,
        ["LocaleName"] = localeName,
        ["SampleRateHertz"] = "24000",
        ["VoiceType"] = "Neural",
        ["Status"] = "GA",
        ["WordsPerMinute"] = "150",
    };

    /// <summary>The text inside the voice elements and the (first) voice name; or why the SSML is refused.</summary>
    private static async Task<(string? Text, string? Voice, string? Error)> ReadSsmlAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
        {
            body.Write(buffer, 0, read);
            if (body.Length > MaxSsmlBytes)
                return (null, null, "The SSML is too long.");
        }
        body.Position = 0;
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(body, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            return (null, null, "The SSML is not well-formed XML: " + e.Message);
        }
        var speak = document.Root;
        if (speak is null || speak.Name.LocalName != "speak" || speak.Attribute("version") is null || speak.Attribute(XNamespace.Xml + "lang") is null)
            return (null, null, "The SSML must have a <speak> root with version and xml:lang.");
        var voices = speak.Elements().Where(e => e.Name.LocalName == "voice").ToList();
        if (voices.Count == 0)
            return (null, null, "The SSML has no <voice> element.");
        var names = voices.Select(v => (string?)v.Attribute("name") ?? "").ToList();
        if (names.FirstOrDefault(n => !VoiceName().IsMatch(n)) is { } bad)
            return (null, null, $"Unsupported voice name '{bad}'.");
        var text = string.Join(' ', voices.Select(v => v.Value)).Trim();
        text = Whitespace().Replace(text, " ");
        if (text.Length == 0)
            return (null, null, "The SSML has no text to speak.");
        return (text, names[0], null);
    }

    [GeneratedRegex(@"^(?<container>raw|riff)-(?<khz>8|16|24|48)khz-16bit-mono-pcm$", RegexOptions.IgnoreCase)]
    private static partial Regex OutputFormat();

    // Locale (en-US, sr-Latn-RS), name, optional HD variant (en-US-Ava:DragonHDLatestNeural), ending in Neural.
    [GeneratedRegex(@"^[a-z]{2,3}(-[A-Za-z]{4})?-[A-Z]{2}-[A-Za-z0-9]+(:[A-Za-z0-9]+)?Neural$")]
    private static partial Regex VoiceName();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private static partial class Log
    {
        [LoggerMessage(2200, LogLevel.Debug, "Simulated TTS: {Characters} characters with {Voice}, {AudioMs:0} ms of audio")]
        public static partial void Synthesizing(ILogger logger, string voice, int characters, double audioMs);

        [LoggerMessage(2201, LogLevel.Information, "Simulated TTS: dropping the connection after {Bytes} bytes (fault)")]
        public static partial void Dropped(ILogger logger, int bytes);
    }
}
