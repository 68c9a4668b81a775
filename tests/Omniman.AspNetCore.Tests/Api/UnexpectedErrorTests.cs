using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Omniman.Orders;
using Omniman.Sessions;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Api;

/// <summary>A session hook with a bug: it throws on every commit.</summary>
internal sealed class BrokenCommitHook : ISessionHook
{
    public const string Message = "broken hook 7d1f";

    public Task OnCommittingAsync(Session session, Order order, CancellationToken ct) => throw new InvalidOperationException(Message);

    public Task OnAbandoningAsync(Session session, CancellationToken ct) => Task.CompletedTask;
}

public sealed class SqliteBrokenHookApp : SqliteApp
{
    protected override void ConfigureServices(IServiceCollection services) => services.AddScoped<ISessionHook, BrokenCommitHook>();
}

public sealed class PostgresBrokenHookApp : PostgresApp
{
    protected override void ConfigureServices(IServiceCollection services) => services.AddScoped<ISessionHook, BrokenCommitHook>();
}

/// <summary>
/// A failure nobody foresaw (docs/api.md): the client gets <c>internal_error</c> with a trace id and no
/// internals, the server logs the exception under that trace id, and nothing is half-written.
/// </summary>
public abstract class UnexpectedErrorTests(OmnimanApp app)
{
    [Fact]
    public async Task Commit_Returns500WithTraceId_AndLogsTheException_WhenAHookThrows()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("broken");
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        (await admin.ModifyAsync(channel, key, Scenario.AddLine("SKU-1", 1))).Expect(HttpStatusCode.OK);

        var response = await admin.CommitAsync(channel, key);

        var error = ErrorEnvelopeTests.AssertEnvelope(response, HttpStatusCode.InternalServerError, "internal_error");
        Assert.DoesNotContain(BrokenCommitHook.Message, response.Raw, StringComparison.Ordinal);
        var traceId = error["context"]!["trace_id"]!.GetValue<string>();
        Assert.NotEmpty(traceId);
        Assert.NotNull(response.ServerLog);
        Assert.Contains(traceId, response.ServerLog, StringComparison.Ordinal);
        Assert.Contains(BrokenCommitHook.Message, response.ServerLog, StringComparison.Ordinal);

        var session = (await admin.GetAsync($"/api/sessions/{key}?channel_code={channel}")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal("open", session["state"]!.GetValue<string>());
        var orders = (await admin.GetAsync($"/api/orders?channel_code={channel}")).Expect(HttpStatusCode.OK).Json;
        Assert.Empty(orders["results"]!.AsArray());
    }
}

public sealed class SqliteUnexpectedErrorTests(SqliteBrokenHookApp app) : UnexpectedErrorTests(app), IClassFixture<SqliteBrokenHookApp>;

public sealed class PostgresUnexpectedErrorTests(PostgresBrokenHookApp app) : UnexpectedErrorTests(app), IClassFixture<PostgresBrokenHookApp>;
