using Microsoft.Extensions.Options;

namespace VoiceSite.Security;

/// <summary>
/// The site's <see cref="ILoggerFactory"/>: the framework's own <see cref="LoggerFactory"/> (providers, filters and
/// scopes exactly as configured) with every logger it hands out wrapped so that no configured secret reaches any
/// provider, whatever wrote the line: our code, ASP.NET Core, EF Core, the HTTP client logging, the OpenAI client.
/// </summary>
/// <remarks>
/// Microsoft.Extensions.Compliance.Redaction (with <c>EnableRedaction</c>) was considered: it redacts parameters that
/// carry a data classification attribute, in our own <c>[LoggerMessage]</c> methods only. It cannot find a key inside
/// free text written by other libraries or echoed by an upstream, which is the leak to stop here, so the values
/// themselves are searched for (<see cref="SecretValues"/>). Wrapping at the factory (rather than each provider)
/// keeps provider-specific filter rules (<c>Logging:Console:LogLevel</c>) working.
/// </remarks>
internal sealed class RedactingLoggerFactory(LoggerFactory inner, SecretValues secrets) : ILoggerFactory
{
    public static LoggerFactory CreateInner(IServiceProvider services) => new(
        services.GetServices<ILoggerProvider>(),
        services.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
        services.GetService<IOptions<LoggerFactoryOptions>>(),
        services.GetService<IExternalScopeProvider>());

    /// <summary>
    /// SignalR's "Failed to invoke hub method" (event 8 of its dispatcher) logs every exception a hub method throws, a
    /// refusal (<c>HubException</c>) included, as an error with its stack trace: any client could fill the log with
    /// error-level noise. It is written at Debug without the exception instead; <c>HubErrorLogging</c> logs refusals as
    /// warnings and real faults as errors. (A category filter would also hide it from a provider with rules of its own.)
    /// </summary>
    public const string HubDispatcherCategory = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";
    public const int HubMethodFailedEvent = 8;

    public ILogger CreateLogger(string categoryName) =>
        new RedactingLogger(inner.CreateLogger(categoryName), secrets, categoryName == HubDispatcherCategory ? HubMethodFailedEvent : null);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();
}

internal sealed class RedactingLogger(ILogger inner, SecretValues secrets, int? debugEventId = null) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Id == debugEventId && logLevel > LogLevel.Debug)
        {
            logLevel = LogLevel.Debug;
            exception = null;
        }
        if (!inner.IsEnabled(logLevel))
            return;
        var message = secrets.Redact(formatter(state, exception));
        var safeException = exception is not null && secrets.Contains(exception.ToString()) ? new RedactedException(exception, secrets) : exception;
        inner.Log(logLevel, eventId, new RedactedState(state as IReadOnlyList<KeyValuePair<string, object?>>, message, secrets), safeException,
            static (s, _) => s.Message);
    }
}

/// <summary>The structured values of a log line (for providers that write them apart), strings redacted.</summary>
internal sealed class RedactedState(IReadOnlyList<KeyValuePair<string, object?>>? values, string message, SecretValues secrets)
    : IReadOnlyList<KeyValuePair<string, object?>>
{
    public string Message => message;

    public int Count => values?.Count ?? 0;

    public KeyValuePair<string, object?> this[int index]
    {
        get
        {
            var pair = values![index];
            return pair.Value switch
            {
                string text => new(pair.Key, secrets.Redact(text)),
                null or ValueType => pair,
                var other => new(pair.Key, secrets.Redact(other.ToString() ?? "")),
            };
        }
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
            yield return this[i];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => message;
}

/// <summary>Stands in for an exception whose text holds a secret: same type name and stack, the secret blanked.</summary>
internal sealed class RedactedException(Exception original, SecretValues secrets)
    : Exception(secrets.Redact(original.Message))
{
    public override string? StackTrace => original.StackTrace is { } trace ? secrets.Redact(trace) : null;

    public override string ToString() => secrets.Redact(original.ToString());
}
