using System.Collections.Concurrent;

namespace VoiceSite.Voice;

/// <summary>
/// At most one report per key per <see cref="Interval"/>, so a flood of the same problem (bad input from the
/// browser, an upstream repeating an error) is not echoed back or logged line for line.
/// </summary>
public sealed class ErrorThrottle(TimeProvider clock)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, long> _last = new();

    public bool ShouldReport(string key)
    {
        var now = clock.GetTimestamp();
        var reported = false;
        _last.AddOrUpdate(key,
            _ => { reported = true; return now; },
            (_, last) =>
            {
                if (clock.GetElapsedTime(last, now) < Interval)
                    return last;
                reported = true;
                return now;
            });
        return reported;
    }
}
