using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Omniman.TestKit;

/// <summary>
/// Keeps the app's latest log entries, warning and above, each with its exception: a test can look
/// for one, and a test that meets an unexpected 500 fails with the server's own account of it
/// (the envelope carries only a trace id). Every test app has one.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private const int Kept = 500;

    public ConcurrentQueue<string> Lines { get; } = new();

    /// <summary>The kept entries that name this trace id, or null.</summary>
    public string? For(string traceId) =>
        string.Join(Environment.NewLine, Lines.Where(l => l.Contains(traceId, StringComparison.Ordinal))) is { Length: > 0 } found ? found : null;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private void Keep(string entry)
    {
        Lines.Enqueue(entry);
        while (Lines.Count > Kept) Lines.TryDequeue(out _);
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                capture.Keep($"{logLevel} {category}: {formatter(state, exception)}" + (exception is null ? "" : Environment.NewLine + exception));
        }
    }
}
