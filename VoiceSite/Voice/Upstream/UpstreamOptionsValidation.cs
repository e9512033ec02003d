using Microsoft.Extensions.Options;
using VoiceSite.Hosting;
using VoiceSite.Voice.Pipeline;
using VoiceSite.Voice.Realtime;

namespace VoiceSite.Voice.Upstream;

/// <summary>
/// Start-up checks of the upstream settings. A half-configured service fails start with a message that names
/// the missing setting by its environment name; no message ever contains a key.
/// </summary>
internal static class UpstreamOptionsValidation
{
    public static string Name(string section, string property) => LegacySettingNames.FlatNameOf($"{section}:{property}");

    public static string? CheckUrl(string? url, string settingName) =>
        string.IsNullOrWhiteSpace(url) || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            ? null
            : $"{settingName} must be an absolute http(s) URL.";
}

internal sealed class RealtimeOptionsValidator(IEnumerable<IUpstreamFallback> fallbacks) : IValidateOptions<RealtimeOptions>
{
    public ValidateOptionsResult Validate(string? name, RealtimeOptions o)
    {
        var errors = new List<string>();
        var endpoint = UpstreamOptionsValidation.Name(RealtimeOptions.Section, nameof(o.Endpoint));
        if (o.Enabled == true && !o.IsConfigured && !fallbacks.Any())
            errors.Add($"{endpoint} is required when {UpstreamOptionsValidation.Name(RealtimeOptions.Section, nameof(o.Enabled))} is true.");
        if (!o.IsConfigured && !string.IsNullOrWhiteSpace(o.Key))
            errors.Add($"{endpoint} is required when {UpstreamOptionsValidation.Name(RealtimeOptions.Section, nameof(o.Key))} is set.");
        if (UpstreamOptionsValidation.CheckUrl(o.Endpoint, endpoint) is { } bad)
            errors.Add(bad);
        if (string.IsNullOrWhiteSpace(o.Deployment))
            errors.Add($"{UpstreamOptionsValidation.Name(RealtimeOptions.Section, nameof(o.Deployment))} must not be empty.");
        if (o.RenewAfter < TimeSpan.FromSeconds(2) || o.RenewAfter >= TimeSpan.FromMinutes(30))
            errors.Add("Realtime:RenewAfter must be at least 2 seconds and under 30 minutes (Azure ends sessions at 30).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

internal sealed class ChatOptionsValidator : IValidateOptions<ChatOptions>
{
    public ValidateOptionsResult Validate(string? name, ChatOptions o)
    {
        var errors = new List<string>();
        var endpoint = UpstreamOptionsValidation.Name(ChatOptions.Section, nameof(o.Endpoint));
        if (!o.IsConfigured && !string.IsNullOrWhiteSpace(o.Key))
            errors.Add($"{endpoint} is required when {UpstreamOptionsValidation.Name(ChatOptions.Section, nameof(o.Key))} is set.");
        if (UpstreamOptionsValidation.CheckUrl(o.Endpoint, endpoint) is { } bad)
            errors.Add(bad);
        if (string.IsNullOrWhiteSpace(o.Deployment))
            errors.Add($"{UpstreamOptionsValidation.Name(ChatOptions.Section, nameof(o.Deployment))} must not be empty.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

internal sealed class SpeechOptionsValidator : IValidateOptions<SpeechOptions>
{
    public ValidateOptionsResult Validate(string? name, SpeechOptions o)
    {
        var errors = new List<string>();
        string N(string property) => UpstreamOptionsValidation.Name(SpeechOptions.Section, property);
        var hasKey = !string.IsNullOrWhiteSpace(o.Key);
        var hasRegion = !string.IsNullOrWhiteSpace(o.Region);
        var hasStt = !string.IsNullOrWhiteSpace(o.SttEndpoint);
        var hasTts = !string.IsNullOrWhiteSpace(o.TtsEndpoint);

        if (hasKey && !o.IsConfigured)
            errors.Add($"{N(nameof(o.Region))} (or {N(nameof(o.SttEndpoint))} and {N(nameof(o.TtsEndpoint))}) is required when {N(nameof(o.Key))} is set.");
        if (o.IsConfigured && !hasKey)
            errors.Add($"{N(nameof(o.Key))} is required when {(hasRegion ? N(nameof(o.Region)) : hasStt ? N(nameof(o.SttEndpoint)) : N(nameof(o.TtsEndpoint)))} is set.");
        if (!hasRegion && hasStt != hasTts)
            errors.Add($"{N(hasStt ? nameof(o.TtsEndpoint) : nameof(o.SttEndpoint))} (or {N(nameof(o.Region))}) is required when {N(hasStt ? nameof(o.SttEndpoint) : nameof(o.TtsEndpoint))} is set.");
        if (hasRegion && !System.Text.RegularExpressions.Regex.IsMatch(o.Region!.Trim(), "^[a-z0-9]+$"))
            errors.Add($"{N(nameof(o.Region))} must be an Azure region name such as westeurope.");
        if (UpstreamOptionsValidation.CheckUrl(o.SttEndpoint, N(nameof(o.SttEndpoint))) is { } badStt)
            errors.Add(badStt);
        if (UpstreamOptionsValidation.CheckUrl(o.TtsEndpoint, N(nameof(o.TtsEndpoint))) is { } badTts)
            errors.Add(badTts);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
