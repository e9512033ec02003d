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
/// <remarks>
/// Timeouts (<see cref="UpstreamTimeouts"/>): the socket must be open (TCP connect and the WebSocket upgrade) within
/// Connect + Handshake, and <c>session.created</c> must arrive within FirstEvent after that.
/// </remarks>
public sealed partial class RealtimeConnector(
    IUpstreamDirectory upstreams, IOptions<RealtimeOptions> options, IOptions<UpstreamTimeouts> timeouts, EntraCredential entra)
{
    private static readonly string TimedOut = new UpstreamException(UpstreamServiceKind.Realtime, UpstreamFailure.Timeout).Message + " Try again shortly.";

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
        using var opening = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        opening.CancelAfter(timeouts.Value.Connect + timeouts.Value.Handshake);
        RealtimeSessionClient session;
        try
        {
            session = await client.StartConversationSessionAsync(options.Value.Deployment, sessionOptions, opening.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException && opening.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new VoiceSessionException(TimedOut, e);
        }
        catch (WebSocketException e)
        {
            throw new VoiceSessionException(Describe(e), e);
        }
        catch (HttpRequestException e)
        {
            throw new VoiceSessionException("Could not reach the realtime service. Check the network and AZURE_OPENAI_REALTIME_ENDPOINT, then try again.", e);
        }
        try
        {
            await WaitForSessionCreatedAsync(session, cancellationToken);
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The service's first event is <c>session.created</c>; until it comes the session is not usable. Read from the socket
    /// itself: the library keeps the cancellation token of the first <c>ReceiveUpdatesAsync</c> call for the socket's whole
    /// life, so an enumeration here would take away the session's own (renewal and ending cancel its receive loop).
    /// </summary>
    private async Task WaitForSessionCreatedAsync(RealtimeSessionClient session, CancellationToken cancellationToken)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        waiting.CancelAfter(timeouts.Value.FirstEvent);
        try
        {
            var first = await ReceiveMessageAsync(session.WebSocket, waiting.Token);
            if (first is null)
                throw new VoiceSessionException("The realtime service closed the connection before the session started. Try again.");
            using var json = System.Text.Json.JsonDocument.Parse(first);
            if (json.RootElement.TryGetProperty("type", out var type) && type.ValueEquals("error"))
            {
                var error = json.RootElement.TryGetProperty("error", out var e) ? e : default;
                throw new VoiceSessionException(RealtimeErrors.ToException(Text(error, "code"), Text(error, "type")).Message);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException && waiting.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new VoiceSessionException(TimedOut, e);
        }
        catch (Exception e) when (e is WebSocketException or System.Text.Json.JsonException)
        {
            throw new VoiceSessionException("The realtime service closed the connection before the session started. Try again.", e);
        }
    }

    private static string? Text(System.Text.Json.JsonElement element, string name) =>
        element.ValueKind == System.Text.Json.JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String
            ? value.GetString() : null;

    /// <summary>One whole text message (at most 1 MB), or null when the socket closed.</summary>
    private static async Task<byte[]?> ReceiveMessageAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
                return null;
            message.Write(buffer, 0, result.Count);
            if (message.Length > 1024 * 1024)
                throw new WebSocketException("The first realtime event is too large.");
            if (result.EndOfMessage)
                return message.ToArray();
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
