// The GA realtime client of the OpenAI library is marked experimental (OPENAI002), and so is its
// AuthenticationPolicy constructor (OPENAI001); both are the documented way to speak GA to Azure.
#pragma warning disable OPENAI001, OPENAI002

using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.WebSockets;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using OpenAI.Realtime;
using VoiceSite.Voice.Upstream;

namespace VoiceSite.Voice.Realtime;

/// <summary>
/// Opens GA realtime sockets (<c>{endpoint}/v1/realtime?model={deployment}</c>) with the official client.
/// The key travels alone in the <c>api-key</c> header; without a key, an Entra ID bearer token does.
/// </summary>
public sealed partial class RealtimeConnector(IUpstreamDirectory upstreams, IOptions<RealtimeOptions> options, EntraCredential entra)
{
    public async Task<RealtimeSessionClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var service = upstreams.Realtime ?? throw new VoiceSessionException("Realtime mode is not configured.");
        var sessionOptions = new RealtimeSessionClientOptions();
        AuthenticationPolicy policy;
        if (service.ApiKey is { } key)
        {
            sessionOptions.Headers["api-key"] = key;
            // Used only for REST calls this site never makes; the socket gets the header above.
            policy = ApiKeyAuthenticationPolicy.CreateHeaderApiKeyPolicy(new ApiKeyCredential(key), "api-key");
        }
        else
        {
            string token;
            try
            {
                token = await entra.GetBearerTokenAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new VoiceSessionException("No AZURE_OPENAI_REALTIME_KEY is set and no Entra ID identity could sign in to the realtime service.", e);
            }
            sessionOptions.Headers["Authorization"] = $"Bearer {token}";
            policy = new BearerTokenPolicy(entra.Credential, EntraCredential.CognitiveServicesScope);
        }

        var client = new RealtimeClient(policy, new RealtimeClientOptions { Endpoint = new Uri(service.BaseUri, "v1") });
        try
        {
            return await client.StartConversationSessionAsync(options.Value.Deployment, sessionOptions, cancellationToken);
        }
        catch (WebSocketException e)
        {
            throw new VoiceSessionException(Describe(e), e);
        }
        catch (HttpRequestException e)
        {
            throw new VoiceSessionException("Could not reach the realtime service. Check the network and AZURE_OPENAI_REALTIME_ENDPOINT, then try again.", e);
        }
    }

    /// <summary>A readable reason for a refused upgrade ("...status code '401' when status code '101' was expected").</summary>
    internal static string Describe(WebSocketException e)
    {
        var status = StatusCode().Match(e.Message) is { Success: true } m ? int.Parse(m.Groups[1].Value) : (int?)null;
        return status switch
        {
            401 or 403 => $"The realtime service refused the credentials ({status}). Check AZURE_OPENAI_REALTIME_KEY or the identity's access.",
            404 => "The realtime service has no such deployment (404). Check AZURE_OPENAI_REALTIME_DEPLOYMENT.",
            429 => "The realtime service is busy (429, rate limited). Wait a moment and try again.",
            >= 500 => $"The realtime service is unavailable ({status}). Try again shortly.",
            { } other => $"The realtime service refused the connection ({other}).",
            null => "Could not reach the realtime service. Check the network and AZURE_OPENAI_REALTIME_ENDPOINT, then try again.",
        };
    }

    [GeneratedRegex(@"status code '(\d{3})'")]
    private static partial Regex StatusCode();
}
