using Omniman.TestKit.Stripe;

namespace Omniman.Payments.Stripe.Tests;

/// <summary>What goes wrong on the way to Stripe, as the port's two failures: worth retrying, or never accepted.</summary>
public sealed class StripeFailureTests : StripeHarness
{
    [Fact]
    public async Task Call_IsUnavailable_WhenStripeCannotBeReached()
    {
        var backend = BackendWith([new("Omniman:Payments:Stripe:ApiBase", $"http://127.0.0.1:{ClosedPort()}")]);

        var unavailable = await Assert.ThrowsAsync<PaymentGatewayUnavailableException>(() =>
            AuthorizeAsync(backend: backend));

        Assert.Contains("could not be reached", unavailable.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(unavailable.InnerException);
    }

    [Fact]
    public async Task Call_IsUnavailable_WhenStripeDoesNotAnswerInTime()
    {
        var impatient = BackendWith([new("Omniman:Payments:Stripe:TimeoutSeconds", "0.5")]);
        Fake.Fail("/v1/payment_intents", FakeStripeFault.Hang);

        var unavailable = await Assert.ThrowsAsync<PaymentGatewayUnavailableException>(() => AuthorizeAsync(backend: impatient));

        Assert.Contains("within 0.5 s", unavailable.Message, StringComparison.Ordinal);
        Assert.Equal(0, Fake.PaymentIntentCount);
    }

    [Fact]
    public async Task Call_IsCancelled_NotUnavailable_WhenTheCallerGivesUp()
    {
        Fake.Fail("/v1/payment_intents", FakeStripeFault.Hang);
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            AuthorizeAsync(ct: stop.Token));
    }

    [Fact]
    public async Task Call_IsUnavailable_WhenStripeLimitsTheRate()
    {
        var authorized = await AuthorizeAsync();
        Fake.Fail($"/v1/payment_intents/{authorized.TransactionId}", FakeStripeFault.RateLimited);

        var unavailable = await Assert.ThrowsAsync<PaymentGatewayUnavailableException>(() => Backend.GetAsync(authorized.TransactionId, default));

        Assert.Contains("429", unavailable.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_IsRefusedWithStripesCode_WhenThePaymentMethodDoesNotExist()
    {
        var refused = await Assert.ThrowsAsync<PaymentGatewayRefusedException>(() => AuthorizeAsync(method: "pm_nothing_like_it"));

        Assert.Equal("resource_missing", refused.Code);
        Assert.Contains("pm_nothing_like_it", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_IsRefused_WhenThePaymentIsUnknown()
    {
        var refused = await Assert.ThrowsAsync<PaymentGatewayRefusedException>(() => Backend.GetAsync("pi_unknown", default));

        Assert.Equal("resource_missing", refused.Code);
    }

    [Fact]
    public async Task Call_IsRefusedWithoutTheKey_WhenStripeRejectsTheSecretKey()
    {
        const string wrongKey = "sk_test_not_the_fakes_key_4321";
        var logs = new List<string>();
        var backend = BackendWith([new("Omniman:Payments:Stripe:SecretKey", wrongKey)], logs);

        var refused = await Assert.ThrowsAsync<PaymentGatewayRefusedException>(() =>
            AuthorizeAsync(backend: backend));

        Assert.Equal("authentication_failed", refused.Code);
        Assert.Contains("Omniman:Payments:Stripe:SecretKey", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("4321", refused.ToString(), StringComparison.Ordinal);
        Assert.Null(refused.InnerException);
        Assert.NotEmpty(logs);
        Assert.DoesNotContain(logs, l => l.Contains(wrongKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Calls_LogNoSecretKey()
    {
        var authorized = await AuthorizeAsync();
        await Backend.CaptureAsync(authorized.TransactionId, 2500, Key("capture"), default);

        Assert.Contains(Logs, l => l.Contains("/v1/payment_intents", StringComparison.Ordinal));
        Assert.DoesNotContain(Logs, l => l.Contains(FakeStripe.SecretKey, StringComparison.Ordinal));
    }

    // A port that was free a moment ago and has nothing listening: connections are refused at once.
    static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
