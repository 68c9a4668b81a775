using System.Net;
using System.Text.Json.Nodes;
using Omniman.AspNetCore.Tests.Payments;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Concurrency;

/// <summary>Refunds of one order asked at once on PostgreSQL never add up past what was captured (issue 16).</summary>
public sealed class RefundConcurrencyTests(PostgresApp app) : IClassFixture<PostgresApp>
{
    [Fact]
    public async Task ConcurrentRefunds_NeverExceedTheCapturedAmount()
    {
        using var admin = app.Admin();
        var channel = await admin.CreateChannelAsync("rfd", PaymentFlowTests.PaidChannel(confirmOnPayment: false));
        var key = (await admin.OpenSessionAsync(channel))["session_key"]!.GetValue<string>();
        (await admin.ModifyAsync(channel, key, Scenario.AddLine("SKU-R", 3, 1000))).Expect(HttpStatusCode.OK);
        await app.DispatchAllAsync();
        (await PaymentFlowTests.PayAsync(admin, channel, key)).Expect(HttpStatusCode.Created);
        var orderRef = (await admin.CommitAsync(channel, key)).Expect(HttpStatusCode.Created).Json["order_ref"]!.GetValue<string>();
        await app.DispatchAllAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(async i =>
        {
            using var client = app.Admin();
            return await client.PostAsync($"/api/orders/{orderRef}/refunds", new JsonObject { ["amount_q"] = 700, ["reason"] = $"part {i}" });
        }));

        Assert.Equal(4, results.Count(r => r.Status == HttpStatusCode.Created));
        Assert.All(results.Where(r => r.Status != HttpStatusCode.Created), r => Assert.Equal("refund_exceeds_captured", r.ErrorCode));
        await app.DispatchAllAsync();
        Assert.Equal(2800, (await admin.GetAsync($"/api/orders/{orderRef}")).Json["payments"]![0]!["refunded_q"]!.GetValue<long>());
    }
}
