using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Omniman.Directives;
using Omniman.Persistence;

namespace Omniman.TestKit;

/// <summary>What the scripted handler saw: how often each directive ran, and any overlapping run of one directive.</summary>
public sealed class HandlerLog
{
    private readonly ConcurrentDictionary<long, int> _inFlight = new();

    public ConcurrentDictionary<long, int> Runs { get; } = new();
    public ConcurrentBag<long> Overlaps { get; } = [];

    internal IDisposable Enter(long id)
    {
        Runs.AddOrUpdate(id, 1, (_, n) => n + 1);
        if (_inFlight.AddOrUpdate(id, 1, (_, n) => n + 1) > 1) Overlaps.Add(id);
        return new Exit(() => _inFlight.AddOrUpdate(id, 0, (_, n) => n - 1));
    }

    private sealed class Exit(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}

/// <summary>
/// A directive handler tests steer through the payload: <c>fail_times</c> (fail the first N
/// attempts), <c>always_fail</c>, <c>delay_ms</c>, <c>taken_over</c> (before failing, another worker
/// claims the directive, as after a lapsed lease), and the outcome to answer (<see cref="ScriptedOutcome"/>).
/// Every run is recorded in the <see cref="HandlerLog"/>.
/// </summary>
public sealed class ScriptedHandler(HandlerLog log, IServiceScopeFactory scopes) : IDirectiveHandler
{
    public static string Topic => "test.scripted";

    // It stands for a handler that waits on an outside service: slow, and no transaction held.
    public static bool RunsInTransaction => false;

    public async Task<DirectiveOutcome> HandleAsync(Directive directive, CancellationToken ct)
    {
        using var _ = log.Enter(directive.Id);
        if (directive.Payload["delay_ms"]?.GetValue<int>() is { } delay) await Task.Delay(delay, ct);
        if (directive.Payload["taken_over"]?.GetValue<bool>() == true)
        {
            // What a second worker's claim leaves: the row running under the next attempt.
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<OmnimanDb>().Directives.Where(d => d.Id == directive.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.Attempts, d => d.Attempts + 1), ct);
            throw new InvalidOperationException("scripted failure after a takeover");
        }
        if (directive.Payload["always_fail"]?.GetValue<bool>() == true
            || directive.Attempts <= (directive.Payload["fail_times"]?.GetValue<int>() ?? 0))
            throw new InvalidOperationException($"scripted failure on attempt {directive.Attempts}");
        return ScriptedOutcome.From(directive.Payload, directive.Attempts);
    }

    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<HandlerLog>();
        services.AddScoped<ScriptedHandler>();
        services.AddSingleton(DirectiveHandlerRegistration.Of<ScriptedHandler>());
        services.AddScoped<OutboundScriptedHandler>();
        services.AddSingleton(DirectiveHandlerRegistration.Of<OutboundScriptedHandler>());
    }
}

/// <summary>The scripted handler under a topic that waits on an outside service: run in the worker's outbound lanes.</summary>
public sealed class OutboundScriptedHandler(ScriptedHandler scripted) : IDirectiveHandler
{
    public static string Topic => "test.outbound";
    public static bool RunsInTransaction => false;
    public static bool Outbound => true;

    public Task<DirectiveOutcome> HandleAsync(Directive directive, CancellationToken ct) => scripted.HandleAsync(directive, ct);
}

/// <summary>
/// The outcome a test handler answers, from its payload: <c>outcome</c> <c>"fail"</c> (for good),
/// <c>"retry"</c> (after <c>retry_in_seconds</c>, on attempts up to <c>retry_times</c> when given), <c>"defer"</c>
/// (after <c>retry_in_seconds</c>, no attempt spent), else done.
/// </summary>
public static class ScriptedOutcome
{
    public static DirectiveOutcome From(System.Text.Json.Nodes.JsonObject payload, int attempt = 0) => payload["outcome"]?.GetValue<string>() switch
    {
        "fail" => DirectiveOutcome.Fail("scripted: declined for good"),
        "defer" => DirectiveOutcome.Defer(TimeSpan.FromSeconds(payload["retry_in_seconds"]?.GetValue<double>() ?? 0), "scripted: busy"),
        "retry" when payload["retry_times"]?.GetValue<int>() is not { } times || attempt <= times =>
            DirectiveOutcome.RetryAfterDelay(TimeSpan.FromSeconds(payload["retry_in_seconds"]?.GetValue<double>() ?? 0), "scripted: not now"),
        _ => DirectiveOutcome.Done,
    };
}
