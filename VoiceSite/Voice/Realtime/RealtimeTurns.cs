using System.Text;
using VoiceSite.Audio;
using VoiceSite.Data.Entities;

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
internal sealed class PendingAssistantTurn(string responseId, DateTime startedAt, long? speechStoppedAt)
{
    public Guid Id { get; } = Guid.NewGuid();
    public string ResponseId { get; } = responseId;
    public string? ItemId { get; set; }
    public DateTime StartedAt { get; } = startedAt;

    /// <summary>Timestamp (TimeProvider) of the end of the user's speech this answers, for the latency figure.</summary>
    public long? SpeechStoppedAt { get; } = speechStoppedAt;
    public int? ResponseLatencyMs { get; set; }
    public long AudioBytes { get; set; }
    public StringBuilder Transcript { get; } = new();
    public bool Done { get; set; }

    /// <summary>Set when the browser reported barge-in: the audio heard, already clamped to the audio received.</summary>
    public int? HeardMs { get; set; }

    public double AudioMs => Pcm16.DurationMs(AudioBytes);

    public string HeardTranscript => HeardMs is { } heard ? HeardText.Cut(Transcript.ToString(), heard, AudioMs) : Transcript.ToString();
}
