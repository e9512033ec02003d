using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using OpenAI;
using OpenAI.Chat;
using VoiceSite.Voice.Upstream;

namespace VoiceSite.Voice.Pipeline;

/// <summary>
/// The configured chat service as an <see cref="ChatClient"/>: Azure OpenAI through <c>Azure.AI.OpenAI</c> (key, or Entra ID
/// when no key is set), or any OpenAI-compatible endpoint; Azure or the built-in simulator, per <see cref="IUpstreamDirectory.Chat"/>.
/// Shared by the pipeline's <see cref="ChatStreamer"/> and the coaching evaluation, each with its own retry policy and timeout.
/// </summary>
public static class ChatClients
{
    public static ChatClient Create(HttpClient http, IUpstreamDirectory upstreams, ChatOptions settings, EntraCredential credentials,
        ClientRetryPolicy retryPolicy, TimeSpan networkTimeout)
    {
        var upstream = upstreams.Chat
            ?? throw new InvalidOperationException("Chat is not configured (AZURE_OPENAI_ENDPOINT).");
        var transport = new HttpClientPipelineTransport(http);

        if (settings.Api == ChatApiKind.AzureOpenAI)
        {
            var azureOptions = new AzureOpenAIClientOptions
            {
                Transport = transport,
                RetryPolicy = retryPolicy,
                NetworkTimeout = networkTimeout,
                UserAgentApplicationId = "VoiceSite",
            };
            // The client appends openai/deployments/{deployment}/chat/completions to the resource URL. A configured
            // endpoint ending in /openai (the realtime setting's form) would double that segment: use the resource root.
            var endpoint = upstream.Simulated ? upstream.BaseUri : ChatStreamer.ResourceRoot(upstream.BaseUri);
            var azure = upstream.ApiKey is { } key
                ? new AzureOpenAIClient(endpoint, new ApiKeyCredential(key), azureOptions)
                : new AzureOpenAIClient(endpoint, credentials.Credential, azureOptions);
            return azure.GetChatClient(settings.Deployment);
        }

        var openAIOptions = new OpenAIClientOptions
        {
            // {endpoint}chat/completions. The simulator stands in for an Azure resource, whose OpenAI-compatible API is {resource}/openai/v1/.
            Endpoint = upstream.Simulated ? new Uri(upstream.BaseUri, "openai/v1/") : upstream.BaseUri,
            Transport = transport,
            RetryPolicy = retryPolicy,
            NetworkTimeout = networkTimeout,
            UserAgentApplicationId = "VoiceSite",
        };
        if (upstream.ApiKey is { } apiKey)
            return new ChatClient(settings.Deployment, new ApiKeyCredential(apiKey), openAIOptions);
        // No key: an Entra ID bearer token (Azure's OpenAI-compatible /openai/v1 API accepts it). The constructor taking an
        // AuthenticationPolicy is marked experimental (OPENAI001) in OpenAI 2.15.0; it is the only way to send a token.
#pragma warning disable OPENAI001
        return new ChatClient(settings.Deployment, new BearerTokenPolicy(credentials.Credential, EntraCredential.CognitiveServicesScope), openAIOptions);
#pragma warning restore OPENAI001
    }
}
