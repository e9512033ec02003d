using Azure.Core;
using Azure.Identity;

namespace VoiceSite.Voice.Pipeline;

/// <summary>
/// The Entra ID credential used for Azure services configured without a key (<see cref="DefaultAzureCredential"/>:
/// managed identity in Azure, the developer's sign-in locally). Created on first use only; a singleton so its token
/// cache is shared.
/// </summary>
public sealed class AzureCredentialSource
{
    /// <summary>The token scope of Azure AI services (Azure OpenAI, Speech).</summary>
    public const string CognitiveServicesScope = "https://cognitiveservices.azure.com/.default";

    private readonly Lazy<TokenCredential> _credential = new(() => new DefaultAzureCredential());

    public TokenCredential Credential => _credential.Value;
}
