using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Omniman.TestKit;

/// <summary>
/// The app's latest error log entries with their exceptions, so a test that meets an unexpected
/// 500 fails with the server's own account of it (the envelope carries only a trace id).
/// </summary>
public sealed class ServerErrors : ILoggerProvider
{
    private const int Kept = 200;
    private readonly ConcurrentQueue<string> _entries = new();

    /// <summary>The kept entries that name this trace id, or null.</summary>
    public string? For(string traceId) =>
        string.Join(Environment.NewLine, _entries.Where(e => e.Contains(traceId, StringComparison.Ordinal))) is { Length: > 0 } found ? found : null;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private void Keep(string entry)
    {
        _entries.Enqueue(entry);
        while (_entries.Count > Kept) _entries.TryDequeue(out _);
    }

    private sealed class Logger(ServerErrors errors, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel) && exception is not null) errors.Keep($"{logLevel} {category}: {formatter(state, exception)}{Environment.NewLine}{exception}");
        }
    }
}
