using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Omniman.Directives;
using Omniman.Persistence;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Operations;

/// <summary>One lane that claims five at a time, so a stop finds one directive running and four claimed behind it.</summary>
internal static class ShutdownTestSettings
{
    public const int Batch = 5;

    public static readonly KeyValuePair<string, string>[] Values =
    [
        new("Omniman:Directives:Concurrency", "1"),
        new("Omniman:Directives:BatchSize", Batch.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];
}

public sealed class SqliteShutdownApp : SqliteApp
{
    protected override bool RunWorker => true;
    protected override IEnumerable<KeyValuePair<string, string>> Settings => ShutdownTestSettings.Values;
    protected override void ConfigureServices(IServiceCollection services) => ScriptedHandler.Register(services);
}

public sealed class PostgresShutdownApp : PostgresApp
{
    protected override bool RunWorker => true;
    protected override IEnumerable<KeyValuePair<string, string>> Settings => ShutdownTestSettings.Values;
    protected override void ConfigureServices(IServiceCollection services) => ScriptedHandler.Register(services);
}

/// <summary>
/// The worker stopped as the host stops it on SIGTERM (docs/operations.md, "Shutdown"): the directive
/// running finishes within the window, or is released when the window closes first; the claimed ones
/// not started go back to the queue with their attempt returned. None is left <c>running</c>.
/// </summary>
public abstract class HealthShutdownTests
{
    /// <summary>A new app per test: a stopped worker does not start again.</summary>
    protected abstract OmnimanApp NewApp();

    [Fact]
    public Task Stop_LetsTheRunningDirectiveFinish_AndReleasesTheClaimedOnes() => WithAppAsync(async app =>
    {
        var ids = await ClaimBatchAsync(app, delayMs: 1000);

        using var window = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Worker(app).StopAsync(window.Token);

        var rows = await RowsAsync(app, ids);
        Assert.DoesNotContain(rows, d => d.Status == DirectiveStatuses.Running);
        var first = rows.Single(d => d.Id == ids[0]);
        Assert.Equal((DirectiveStatuses.Done, 1), (first.Status, first.Attempts));
        Assert.All(rows.Where(d => d.Id != ids[0]), d => Assert.Equal((DirectiveStatuses.Queued, 0, (DateTime?)null), (d.Status, d.Attempts, d.LeaseExpiresAt)));
    });

    [Fact]
    public Task Stop_ReleasesTheRunningDirective_WhenTheWindowClosesFirst() => WithAppAsync(async app =>
    {
        var ids = await ClaimBatchAsync(app, delayMs: 60_000);

        using var window = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Worker(app).StopAsync(window.Token);

        var rows = await RowsAsync(app, ids);
        Assert.DoesNotContain(rows, d => d.Status == DirectiveStatuses.Running);
        var first = rows.Single(d => d.Id == ids[0]);
        // It ran, so the attempt counts.
        Assert.Equal((DirectiveStatuses.Queued, 1, (DateTime?)null), (first.Status, first.Attempts, first.LeaseExpiresAt));
        Assert.All(rows.Where(d => d.Id != ids[0]), d => Assert.Equal((DirectiveStatuses.Queued, 0), (d.Status, d.Attempts)));
    });

    private async Task WithAppAsync(Func<OmnimanApp, Task> test)
    {
        var app = NewApp();
        await app.InitializeAsync();
        try
        {
            await test(app);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static DirectiveWorker Worker(OmnimanApp app) => app.Services.GetServices<IHostedService>().OfType<DirectiveWorker>().Single();

    /// <summary>Writes a batch in one transaction, wakes the worker, and waits until its first directive runs and the rest are claimed.</summary>
    private static async Task<long[]> ClaimBatchAsync(OmnimanApp app, int delayMs)
    {
        var ids = await app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OmnimanDb>();
            var batch = Enumerable.Range(0, ShutdownTestSettings.Batch)
                .Select(_ => Directive.Create(ScriptedHandler.Topic, new JsonObject { ["delay_ms"] = delayMs }, app.Clock.GetUtcNow().UtcDateTime)).ToList();
            db.Directives.AddRange(batch);
            await db.SaveChangesAsync();
            return batch.Select(d => d.Id).Order().ToArray();
        });
        app.Services.GetRequiredService<DirectiveSignal>().Wake();
        var log = app.Services.GetRequiredService<HandlerLog>();
        for (var waited = 0; !log.Runs.ContainsKey(ids[0]); waited += 20)
        {
            Assert.True(waited < 10_000, "The worker did not start the first directive.");
            await Task.Delay(20);
        }
        Assert.All(await RowsAsync(app, ids), d => Assert.Equal(DirectiveStatuses.Running, d.Status));
        return ids;
    }

    private static Task<List<Directive>> RowsAsync(OmnimanApp app, long[] ids) => app.InScopeAsync(sp =>
        sp.GetRequiredService<OmnimanDb>().Directives.AsNoTracking().Where(d => ids.Contains(d.Id)).ToListAsync());
}

public sealed class SqliteHealthShutdownTests : HealthShutdownTests
{
    protected override OmnimanApp NewApp() => new SqliteShutdownApp();
}

public sealed class PostgresHealthShutdownTests : HealthShutdownTests
{
    protected override OmnimanApp NewApp() => new PostgresShutdownApp();
}
