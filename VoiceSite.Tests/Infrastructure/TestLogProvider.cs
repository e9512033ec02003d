using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace VoiceSite.Tests.Infrastructure;

/// <summary>One log line as a provider receives it: formatted message, structured values and exception text.</summary>
public sealed record TestLogEntry(string Category, LogLevel Level, EventId EventId, string Message, string State, string? Exception)
{
    /// <summary>Everything a sink could write for this line.</summary>
    public string AllText => $"{Category} {Message} {State} {Exception}";

    public override string ToString() => $"{Level} {Category}: {Message}{(Exception is null ? "" : " | " + Exception)}";
}

/// <summary>Collects every log line the site writes (through the site's own logger factory, like the console).</summary>
public sealed class TestLogProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<TestLogEntry> _entries = new();

    public IReadOnlyList<TestLogEntry> Entries => _entries.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(TestLogProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join("; ", pairs.Select(p => $"{p.Key}={p.Value}"))
                : state?.ToString() ?? "";
            owner._entries.Enqueue(new TestLogEntry(category, logLevel, eventId, formatter(state, exception), values, exception?.ToString()));
        }
    }
}
