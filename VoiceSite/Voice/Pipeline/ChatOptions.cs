namespace VoiceSite.Voice.Pipeline;

/// <summary>The pipeline's language model. Flat names: AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_KEY, AZURE_OPENAI_CHAT_DEPLOYMENT.</summary>
public sealed class ChatOptions
{
    public const string Section = "Chat";

    /// <summary>Azure OpenAI resource (<c>https://res.openai.azure.com</c>) or any OpenAI-compatible base URL.</summary>
    public string? Endpoint { get; set; }

    /// <summary>API key; when absent for Azure, Entra ID through DefaultAzureCredential.</summary>
    public string? Key { get; set; }

    public string Deployment { get; set; } = "gpt-4o-mini";

    /// <summary><c>AzureOpenAI</c> (default) or <c>OpenAICompatible</c> (plain OpenAI wire format at <see cref="Endpoint"/>).</summary>
    public ChatApiKind Api { get; set; } = ChatApiKind.AzureOpenAI;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint);
}

public enum ChatApiKind
{
    AzureOpenAI = 0,
    OpenAICompatible = 1,
}
