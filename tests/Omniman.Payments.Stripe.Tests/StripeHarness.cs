using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Omniman.TestKit.Stripe;

namespace Omniman.Payments.Stripe.Tests;

/// <summary>
/// A fake Stripe per test and the backend and webhook reader registered as a host registers them
/// (<c>AddStripePayments</c>), pointed at the fake. No database.
/// </summary>
public abstract class StripeHarness : IAsyncLifetime
{
    ServiceProvider? _services;
    FakeStripe? _fake;
    readonly List<ServiceProvider> _others = [];

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected FakeStripe Fake => _fake ?? throw new InvalidOperationException("Not started.");

    protected IPaymentBackend Backend => _services!.GetServices<IPaymentBackend>().Single(b => b.Name == "stripe");

    protected StripeWebhookReader Reader => _services!.GetRequiredService<StripeWebhookReader>();

    /// <summary>Every log line the Stripe module and its HTTP client wrote, at every level.</summary>
    protected List<string> Logs { get; } = [];

    public async Task InitializeAsync()
    {
        _fake = await FakeStripe.StartAsync(Clock);
        _services = Build(FakeSettings, Clock, Logs);
    }

    public async Task DisposeAsync()
    {
        foreach (var other in _others) await other.DisposeAsync();
        if (_services is not null) await _services.DisposeAsync();
        if (_fake is not null) await _fake.DisposeAsync();
    }

    IEnumerable<KeyValuePair<string, string?>> FakeSettings => Fake.Settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value));

    /// <summary>
    /// Another stripe backend on the same fake, with <paramref name="settings"/> over the fake's
    /// (a short timeout, a wrong key, another address); its log lines go to <paramref name="logs"/>.
    /// </summary>
    protected IPaymentBackend BackendWith(IEnumerable<KeyValuePair<string, string?>> settings, List<string>? logs = null)
    {
        var services = Build([.. FakeSettings, .. settings], Clock, logs);
        _others.Add(services);
        return services.GetServices<IPaymentBackend>().Single(b => b.Name == "stripe");
    }

    internal static ServiceProvider Build(IEnumerable<KeyValuePair<string, string?>> settings, TimeProvider clock, List<string>? logs = null)
    {
        // A later setting overrides an earlier one of the same key.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.GroupBy(s => s.Key).Select(g => g.Last())).Build();
        var services = new ServiceCollection();
        services.AddSingleton(clock);
        services.AddLogging(l =>
        {
            l.SetMinimumLevel(LogLevel.Trace);
            if (logs is not null) l.AddProvider(new ListLogger(logs));
        });
        new OmnimanBuilder(services, configuration).AddStripePayments();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>Asks <paramref name="backend"/> (this test's by default) to authorize <paramref name="amountQ"/> BRL on <paramref name="method"/>.</summary>
    protected Task<GatewayPayment> AuthorizeAsync(long amountQ = 2500, string method = StripeTestCards.Visa, string? key = null,
        IPaymentBackend? backend = null, CancellationToken ct = default) =>
        (backend ?? Backend).AuthorizeAsync(new AuthorizeRequest(amountQ, "BRL", method, new Dictionary<string, string> { ["channel"] = "web" }),
            key ?? Key("authorize"), ct);

    /// <summary>A fresh idempotency key, as a caller derives one per step.</summary>
    protected static string Key(string step) => $"{step}-{Guid.NewGuid():N}";

    sealed class ListLogger(List<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(lines, categoryName);
        public void Dispose() { }

        sealed class Logger(List<string> lines, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (lines) lines.Add($"{logLevel} {category}: {formatter(state, exception)} {exception}");
            }
        }
    }
}
