namespace VoiceSite.Jobs;

/// <summary>Exponential backoff with a little jitter (so replicas retrying together spread out), capped.</summary>
public static class JobBackoff
{
    public static TimeSpan Delay(int attempt, JobOptions options, TimeSpan? retryAfter = null, double? jitter = null)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 20);
        var delay = options.RetryBaseDelay * Math.Pow(2, exponent);
        if (delay > options.RetryMaxDelay)
            delay = options.RetryMaxDelay;
        delay *= 1 + (jitter ?? Random.Shared.NextDouble() * 0.2);
        return retryAfter is { } asked && asked > delay ? asked : delay;
    }
}
