using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Omniman.Payments;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Payments;

/// <summary>
/// A gateway that takes a capture and whose answer is lost on the way back: the crash between the
/// gateway's answer and our write. The rerun must make the very same call (same idempotency key, same
/// amount), which a gateway answers from its idempotency store: one charge (issue 16).
/// </summary>
internal sealed class AnswerLostOnceBackend : IPaymentBackend
{
    private readonly MockPaymentBackend _gateway = new();
    private int _lost;

    public ConcurrentQueue<(string Key, long AmountQ)> Captures { get; } = new();

    public string Name => "answer-lost-once";

    public Task<GatewayPayment> AuthorizeAsync(AuthorizeRequest request, string idempotencyKey, CancellationToken ct) =>
        _gateway.AuthorizeAsync(request, idempotencyKey, ct);

    public async Task<GatewayPayment> CaptureAsync(string transactionId, long amountQ, string idempotencyKey, CancellationToken ct)
    {
        Captures.Enqueue((idempotencyKey, amountQ));
        var answer = await _gateway.CaptureAsync(transactionId, amountQ, idempotencyKey, ct);
        if (Interlocked.Exchange(ref _lost, 1) == 0)
            throw new PaymentGatewayUnavailableException("The connection closed before the answer arrived.");
        return answer;
    }

    public Task<GatewayPayment> CancelAsync(string transactionId, string idempotencyKey, CancellationToken ct) =>
        _gateway.CancelAsync(transactionId, idempotencyKey, ct);

    public Task<GatewayRefund> RefundAsync(string transactionId, long amountQ, string reason, string idempotencyKey, CancellationToken ct) =>
        _gateway.RefundAsync(transactionId, amountQ, reason, idempotencyKey, ct);

    public Task<GatewayPayment> GetAsync(string transactionId, CancellationToken ct) => _gateway.GetAsync(transactionId, ct);
}

public abstract class CaptureCrashTests(OmnimanApp app)
{
    [Fact]
    public async Task CaptureRerun_MakesTheSameGatewayCall_WhenTheFirstAnswerWasLost()
    {
        using var admin = app.Admin();
        var config = PaymentFlowTests.PaidChannel(confirmOnPayment: false);
        config["payment"] = new JsonObject { ["backend"] = "answer-lost-once" };
        var channel = await admin.CreateChannelAsync("crash", config);
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        (await admin.ModifyAsync(channel, key, Scenario.AddLine("SKU-C", 3, 700))).Expect(HttpStatusCode.OK);
        await app.DispatchAllAsync();
        (await PaymentFlowTests.PayAsync(admin, channel, key)).Expect(HttpStatusCode.Created);
        var orderRef = (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created).Json["order_ref"]!.GetValue<string>();

        await app.DispatchAllAsync();
        var backend = app.Services.GetServices<IPaymentBackend>().OfType<AnswerLostOnceBackend>().Single();
        Assert.Single(backend.Captures);
        Assert.Equal("authorized", (await admin.GetAsync($"/api/orders/{orderRef}")).Json["payments"]![0]!["status"]!.GetValue<string>());

        app.Clock.Advance(TimeSpan.FromHours(1));   // past the retry's backoff
        await app.DispatchAllAsync();

        var calls = backend.Captures.ToArray();
        Assert.Equal(2, calls.Length);
        Assert.Equal(calls[0], calls[1]);
        Assert.Equal(2100, calls[0].AmountQ);
        var order = (await admin.GetAsync($"/api/orders/{orderRef}")).Json;
        Assert.Equal(2100, order["payments"]![0]!["captured_q"]!.GetValue<long>());
        Assert.Single(order["events"]!.AsArray(), e => e!["type"]!.GetValue<string>() == "payment.captured");
    }
}

public sealed class AnswerLostSqliteApp : SqliteApp
{
    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton<IPaymentBackend, AnswerLostOnceBackend>();
}

public sealed class AnswerLostPostgresApp : PostgresApp
{
    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton<IPaymentBackend, AnswerLostOnceBackend>();
}

public sealed class SqliteCaptureCrashTests(AnswerLostSqliteApp app) : CaptureCrashTests(app), IClassFixture<AnswerLostSqliteApp>;

public sealed class PostgresCaptureCrashTests(AnswerLostPostgresApp app) : CaptureCrashTests(app), IClassFixture<AnswerLostPostgresApp>;
