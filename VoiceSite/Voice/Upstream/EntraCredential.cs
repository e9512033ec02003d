using Azure.Core;
using Azure.Identity;

namespace VoiceSite.Voice.Upstream;

/// <summary>Entra ID tokens for Azure AI services when no key is configured (managed identity in Container Apps).</summary>
public sealed class EntraCredential
{
    public const string CognitiveServicesScope = "https://cognitiveservices.azure.com/.default";

    private readonly Lazy<TokenCredential> _credential = new(() => new DefaultAzureCredential());

    public TokenCredential Credential => _credential.Value;

    public async Task<string> GetBearerTokenAsync(CancellationToken cancellationToken)
    {
        var token = await Credential.GetTokenAsync(new TokenRequestContext([CognitiveServicesScope]), cancellationToken);
        return token.Token;
    }
}
