using System.Diagnostics;
using OpenTelemetry;
using VoiceSite.Security;

namespace VoiceSite.Telemetry;

/// <summary>
/// The spans' counterpart of the site's redacting logger factory: before any exporter sees a span, every configured
/// secret (<see cref="SecretValues"/>) is blanked from its tag values and status text. Span events (exception
/// details) cannot be changed once added, so a span with a secret in an event is not exported at all. Runs first
/// among the processors (it is added before any exporter).
/// </summary>
internal sealed class RedactingActivityProcessor(SecretValues secrets) : BaseProcessor<Activity>
{
    public override void OnEnd(Activity data)
    {
        List<KeyValuePair<string, string>>? redacted = null;
        foreach (var tag in data.TagObjects)
        {
            var text = tag.Value as string ?? (tag.Value is null or ValueType ? null : tag.Value.ToString());
            if (secrets.Contains(text))
                (redacted ??= []).Add(new(tag.Key, secrets.Redact(text!)));
        }
        foreach (var (key, text) in redacted ?? [])
            data.SetTag(key, text);
        if (secrets.Contains(data.StatusDescription))
            data.SetStatus(data.Status, secrets.Redact(data.StatusDescription!));
        if (secrets.Contains(data.DisplayName))
            data.DisplayName = secrets.Redact(data.DisplayName);
        if (HasSecretInEvents(data))
            data.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded; // exporters skip spans that are not recorded
    }

    private bool HasSecretInEvents(Activity data)
    {
        foreach (var e in data.Events)
        {
            if (secrets.Contains(e.Name))
                return true;
            foreach (var tag in e.Tags)
            {
                if (tag.Value is not null && secrets.Contains(tag.Value as string ?? tag.Value.ToString()))
                    return true;
            }
        }
        return false;
    }
}
