using System.Text;
using VoiceSite.Audio;
using VoiceSite.Data.Entities;
using VoiceSite.Telemetry;

namespace VoiceSite.Voice.Realtime;

/// <summary>A user utterance from speech start until its transcript arrives.</summary>
internal sealed class PendingUserTurn(DateTime startedAt, string? itemId)
{
    public Guid Id { get; } = Guid.NewGuid();
    public string? ItemId { get; set; } = itemId;
    public DateTime StartedAt { get; } = startedAt;
    public int? DurationMs { get; set; }
}

/// <summary>An assistant response from <c>response.created</c> until it is stored (and maybe interrupted after).</summary>
internal sealed class PendingAssistantTurn(string responseId, DateTime startedAt, long? speechStoppedAt, SpeakingRate rate)
{
    public Guid Id { get; } = Guid.NewGuid();
    public string ResponseId { get; } = responseId;
    public string? ItemId { get; set; }
    public DateTime StartedAt { get; } = startedAt;

    /// <summary>Timestamp (TimeProvider) of the end of the user's speech this answers, for the latency figure.</summary>
    public long? SpeechStoppedAt { get; } = speechStoppedAt;

    /// <summary>The trace of the turn this reply answers (started when the user's speech stopped), or null.</summary>
    public TurnTrace? Trace { get; init; }
    public int? ResponseLatencyMs { get; set; }
    public long AudioBytes { get; set; }
    public StringBuilder Transcript { get; } = new();
    public bool Done { get; set; }

    /// <summary>The reply ran to its end (<c>response.done</c> with status completed): its text and audio are whole.</summary>
    public bool Complete { get; set; }

    /// <summary>Set when the browser reported barge-in: the audio heard, already clamped to the audio received.</summary>
    public int? HeardMs { get; set; }

    public double AudioMs => Pcm16.DurationMs(AudioBytes);

    /// <summary>
    /// The words the user heard. A complete reply's text matches its audio; otherwise the transcript may run ahead of
    /// the audio received (it usually arrives first, and an upstream can drop mid-reply), so the whole text is taken
    /// to last as long as the session's speaking rate says, and the heard share is cut from that.
    /// </summary>
    public string HeardTranscript
    {
        get
        {
            var text = Transcript.ToString();
            if (Complete && HeardMs is null)
                return text;
            var heard = Math.Min(HeardMs ?? AudioMs, AudioMs);
            var total = Complete ? AudioMs : rate.ExpectedMs(text, AudioMs);
            return HeardText.OrNoWords(HeardText.Cut(text, heard, total));
        }
    }
}
