namespace VoiceSite.Voice.Realtime;

/// <summary>Azure OpenAI Realtime (GA). Flat names: AZURE_OPENAI_REALTIME_*, USE_REALTIME_API.</summary>
public sealed class RealtimeOptions
{
    public const string Section = "Realtime";

    /// <summary>e.g. <c>https://res.openai.azure.com/openai</c>; the socket goes to <c>{Endpoint}/v1/realtime?model={Deployment}</c>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>Sent as <c>api-key</c>; when absent, Entra ID through DefaultAzureCredential.</summary>
    public string? Key { get; set; }

    public string Deployment { get; set; } = "gpt-realtime";

    /// <summary><c>USE_REALTIME_API</c>. Null: on when an endpoint is configured or the simulator stands in.</summary>
    public bool? Enabled { get; set; }

    /// <summary>
    /// Azure ends realtime sessions at 30 minutes. Before that the session is renewed: a new upstream session
    /// is opened with the conversation so far replayed, between turns.
    /// </summary>
    public TimeSpan RenewAfter { get; set; } = TimeSpan.FromMinutes(28);

    /// <summary>Model that transcribes the user's speech (<c>audio.input.transcription.model</c>).</summary>
    public string TranscriptionModel { get; set; } = "whisper-1";

    /// <summary>
    /// A lost upstream is reopened (conversation replayed) up to this many times in a row, and at most this many
    /// times a minute, before the session ends and the user is told.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, 10)]
    public int ReconnectAttempts { get; set; } = 3;

    /// <summary>Wait before the second attempt to reopen a lost upstream; doubled for each later one (the first is at once).</summary>
    public TimeSpan ReconnectBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint);
}
