using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Omniman.TestKit;

/// <summary>Keeps the app's log lines (warning and above, as test apps log) so a test can look for one.</summary>
public sealed class LogCapture : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) capture.Lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}");
        }
    }
}
