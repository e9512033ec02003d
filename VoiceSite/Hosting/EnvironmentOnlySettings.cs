namespace VoiceSite.Hosting;

/// <summary>
/// Settings that libraries the site uses read straight from the process environment, not through configuration, so
/// no options class shows them. Listed here so deployment checks (VoiceSite.Tests/Deployment) know the site uses
/// them; add one when a library starts reading another.
/// </summary>
public static class EnvironmentOnlySettings
{
    /// <summary>
    /// Azure.Identity's <c>DefaultAzureCredential</c> (<see cref="Voice.Upstream.EntraCredential"/>): the client id of the
    /// user-assigned managed identity to sign in with, where no key is configured.
    /// </summary>
    public const string AzureClientId = "AZURE_CLIENT_ID";

    public static IReadOnlyList<string> Names { get; } = [AzureClientId];
}
