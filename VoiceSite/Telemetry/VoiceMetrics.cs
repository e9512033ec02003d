using System.Diagnostics.Metrics;
using VoiceSite.Audio;
using VoiceSite.Data.Entities;
using VoiceSite.Voice.Upstream;

namespace VoiceSite.Telemetry;

/// <summary>
/// The site's own meter (<see cref="MeterName"/>): live sessions, turns, latency, tokens, upstream errors, dropped
/// audio and limits hit. One singleton; each method is a few counter/histogram calls with tags from fixed sets (no
/// allocation, no lookup), so the sessions can call it where a turn is stored, a session starts or ends, an upstream
/// fails or a limit is hit. Nothing here runs per audio chunk except <see cref="AudioDropped"/>, and only for a dropped one.
/// </summary>
/// <remarks>
/// Upstream errors are also counted per hour in the database (<see cref="UpstreamErrorStore"/>) for the dashboard. The
/// scoring job's chat calls report here too: their tokens with <see cref="PurposeTag"/> <c>scoring</c> (a voice turn's
/// are <c>conversation</c>), their failures as the service <see cref="ScoringService"/>.
/// </remarks>
public sealed class VoiceMetrics
{
    public const string MeterName = "VoiceSite";

    // Attribute names (the instruments' dimensions) and their values: fixed sets, so cardinality stays small.
    public const string ModeTag = "voice.mode";
    public const string RoleTag = "voice.role";
    public const string TokenTypeTag = "gen_ai.token.type"; // OpenTelemetry's GenAI convention: "input" / "output"
    public const string ServiceTag = "voice.upstream.service";
    public const string CodeTag = "voice.error.code";
    public const string ReasonTag = "voice.drop.reason";
    public const string LimitTag = "voice.limit";
    public const string PurposeTag = "voice.purpose";

    /// <summary>The <see cref="ServiceTag"/> (and stored service) of the chat service scoring a finished conversation.</summary>
    public const string ScoringService = "scoring";

    /// <summary>Bucket bounds (ms) for the latency histograms: the range a spoken reply lives in, 25 ms to 10 s.</summary>
    private static readonly IReadOnlyList<double> LatencyBucketsMs = [25, 50, 100, 200, 300, 400, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000];

    private static readonly KeyValuePair<string, object?> RealtimeMode = new(ModeTag, "realtime");
    private static readonly KeyValuePair<string, object?> PipelineMode = new(ModeTag, "pipeline");
    private static readonly KeyValuePair<string, object?> UserRole = new(RoleTag, "user");
    private static readonly KeyValuePair<string, object?> AssistantRole = new(RoleTag, "assistant");
    private static readonly KeyValuePair<string, object?> ToolRole = new(RoleTag, "tool");
    private static readonly KeyValuePair<string, object?> InputTokens = new(TokenTypeTag, "input");
    private static readonly KeyValuePair<string, object?> OutputTokens = new(TokenTypeTag, "output");
    private static readonly KeyValuePair<string, object?> ConversationPurpose = new(PurposeTag, Purposes.Conversation);
    private static readonly KeyValuePair<string, object?> ScoringPurpose = new(PurposeTag, Purposes.Scoring);

    private readonly UpstreamErrorStore _errors;
    private readonly UpDownCounter<long> _liveSessions;
    private readonly Histogram<double> _sessionDuration;
    private readonly Counter<long> _turns;
    private readonly Histogram<double> _responseLatency;
    private readonly Histogram<double> _sttLatency;
    private readonly Histogram<double> _chatFirstToken;
    private readonly Histogram<double> _ttsFirstByte;
    private readonly Counter<long> _tokens;
    private readonly Counter<double> _sttAudio;
    private readonly Counter<long> _ttsCharacters;
    private readonly Counter<long> _upstreamErrors;
    private readonly Counter<long> _audioDropped;
    private readonly Counter<long> _limitsHit;

    public VoiceMetrics(IMeterFactory meters, UpstreamErrorStore errors)
    {
        _errors = errors;
        var meter = meters.Create(MeterName);
        _liveSessions = meter.CreateUpDownCounter<long>("voicesite.sessions.live", "{session}", "Voice sessions live now on this server.");
        _sessionDuration = meter.CreateHistogram<double>("voicesite.sessions.duration", "s", "Length of ended voice sessions.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [10, 30, 60, 120, 300, 600, 1200, 1800, 3600] });
        _turns = meter.CreateCounter<long>("voicesite.turns", "{turn}", "Turns stored (user utterances, assistant replies and the tools the assistant called).");
        _responseLatency = Latency(meter, "voicesite.turn.response_latency", "End of the user's speech to the first reply audio sent to the browser.");
        _sttLatency = Latency(meter, "voicesite.stt.latency", "Pipeline: end of the user's speech to the speech-to-text result.");
        _chatFirstToken = Latency(meter, "voicesite.chat.first_token", "Pipeline: chat request to its first token.");
        _ttsFirstByte = Latency(meter, "voicesite.tts.first_byte", "Pipeline: text-to-speech request to its first audio byte.");
        _tokens = meter.CreateCounter<long>("voicesite.tokens", "{token}",
            "Model tokens used, by purpose (conversation, scoring), mode (conversation only) and kind (input, output).");
        _sttAudio = meter.CreateCounter<double>("voicesite.stt.audio", "s", "Pipeline: audio sent to speech-to-text (billed per audio hour).");
        _ttsCharacters = meter.CreateCounter<long>("voicesite.tts.characters", "{character}", "Pipeline: characters sent to text-to-speech (billed per character).");
        _upstreamErrors = meter.CreateCounter<long>("voicesite.upstream.errors", "{error}", "Failures of the upstream services, by service and error code.");
        _audioDropped = meter.CreateCounter<long>("voicesite.audio.dropped", "ms", "Microphone audio dropped: too fast for the pace limit, or a full upstream queue.");
        _limitsHit = meter.CreateCounter<long>("voicesite.limits.hit", "{event}", "Voice limits that refused a start or ended a session, by limit.");
    }

    private static Histogram<double> Latency(Meter meter, string name, string description) =>
        meter.CreateHistogram<double>(name, "ms", description, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBucketsMs });

    public void SessionStarted(VoiceMode mode) => _liveSessions.Add(1, Mode(mode));

    public void SessionEnded(VoiceMode mode, TimeSpan length)
    {
        _liveSessions.Add(-1, Mode(mode));
        _sessionDuration.Record(length.TotalSeconds, Mode(mode));
    }

    /// <summary>A turn was stored: counts it and records its latency figures, token usage and speech billed.</summary>
    public void TurnStored(Turn turn)
    {
        var mode = Mode(turn.Mode);
        _turns.Add(1, mode, turn.Role switch { TurnRole.User => UserRole, TurnRole.Tool => ToolRole, _ => AssistantRole });
        if (turn.ResponseLatencyMs is { } response)
            _responseLatency.Record(response, mode);
        if (turn.SttLatencyMs is { } stt)
            _sttLatency.Record(stt, mode);
        if (turn.ChatFirstTokenMs is { } chat)
            _chatFirstToken.Record(chat, mode);
        if (turn.TtsFirstByteMs is { } tts)
            _ttsFirstByte.Record(tts, mode);
        if (turn.InputTokens is int input and > 0)
            _tokens.Add(input, ConversationPurpose, mode, InputTokens);
        if (turn.OutputTokens is int output and > 0)
            _tokens.Add(output, ConversationPurpose, mode, OutputTokens);
        if (turn.SttAudioMs is int sttMs and > 0)
            _sttAudio.Add(sttMs / 1000.0, mode);
        if (turn.TtsCharacters is int characters and > 0)
            _ttsCharacters.Add(characters, mode);
    }

    /// <summary>The tokens of one chat call scoring a finished conversation (whether or not its answer was kept).</summary>
    public void ScoringTokens(int input, int output)
    {
        if (input > 0)
            _tokens.Add(input, ScoringPurpose, InputTokens);
        if (output > 0)
            _tokens.Add(output, ScoringPurpose, OutputTokens);
    }

    /// <summary>A chat call scoring a finished conversation failed: counted as the service <see cref="ScoringService"/>, and kept per hour.</summary>
    public void ScoringError(UpstreamException error) => UpstreamError(ScoringService, error.ErrorCode);

    /// <summary>An upstream failure a session reported (or met starting): counted, and kept per hour for the dashboard.</summary>
    public void UpstreamError(UpstreamException error) => UpstreamError(error.Service, error.ErrorCode);

    public void UpstreamError(UpstreamServiceKind service, string code) => UpstreamError(ServiceName(service), code);

    private void UpstreamError(string service, string code)
    {
        _upstreamErrors.Add(1, new KeyValuePair<string, object?>(ServiceTag, service), new KeyValuePair<string, object?>(CodeTag, code));
        _errors.Record(service, code);
    }

    /// <summary>Audio that was not passed on: <c>too_fast</c> (the pace limit) or <c>queue_full</c> (upstream behind).</summary>
    public void AudioDropped(VoiceMode mode, int bytes, string reason) =>
        _audioDropped.Add((long)Pcm16.DurationMs(bytes), Mode(mode), new KeyValuePair<string, object?>(ReasonTag, reason));

    /// <summary>A limit refused a start or ended a session (one of <see cref="Limits"/>).</summary>
    public void LimitHit(string limit) => _limitsHit.Add(1, new KeyValuePair<string, object?>(LimitTag, limit));

    /// <summary>The error code of a realtime session whose upstream socket could not be opened or set up.</summary>
    public const string StartFailedCode = "start_failed";

    /// <summary>The values of <see cref="LimitTag"/>.</summary>
    public static class Limits
    {
        public const string StartRate = "start_rate";
        public const string LiveSessions = "live_sessions";
        public const string DailyMinutes = "daily_minutes";
        public const string SessionLength = "session_length";
        public const string Idle = "idle";
        public const string AudioRate = "audio_rate";
    }

    /// <summary>The values of <see cref="PurposeTag"/>.</summary>
    public static class Purposes
    {
        /// <summary>A voice turn (either mode).</summary>
        public const string Conversation = "conversation";

        /// <summary>The durable job scoring a finished conversation for its feedback.</summary>
        public const string Scoring = "scoring";
    }

    /// <summary>The values of <see cref="ReasonTag"/>.</summary>
    public static class DropReasons
    {
        public const string TooFast = "too_fast";
        public const string QueueFull = "queue_full";
    }

    public static string ServiceName(UpstreamServiceKind service) => service switch
    {
        UpstreamServiceKind.Realtime => "realtime",
        UpstreamServiceKind.Chat => "chat",
        UpstreamServiceKind.SpeechToText => "speech_to_text",
        UpstreamServiceKind.TextToSpeech => "text_to_speech",
        _ => "other",
    };

    private static KeyValuePair<string, object?> Mode(VoiceMode mode) => mode == VoiceMode.Realtime ? RealtimeMode : PipelineMode;
}
