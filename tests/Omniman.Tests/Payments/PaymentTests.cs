using Omniman.Payments;

namespace Omniman.Tests.Payments;

/// <summary>A payment only moves forward, whatever order the gateway's answers and notices come in (issue 16).</summary>
public sealed class PaymentTests
{
    private static readonly DateTime Now = new(2026, 12, 3, 12, 0, 0, DateTimeKind.Utc);

    private static Payment Authorized() =>
        Payment.From(new GatewayPayment("pi_1", GatewayStatuses.Authorized, 3000, 3000, 0), "mock", "shop", "s1", 1, "BRL", Now);

    [Fact]
    public void Apply_MovesForward_ToACapture()
    {
        var payment = Authorized();
        Assert.True(payment.Apply(new GatewayPayment("pi_1", GatewayStatuses.Captured, 3000, 0, 2500), Now.AddMinutes(1)));
        Assert.Equal(GatewayStatuses.Captured, payment.Status);
        Assert.Equal(2500, payment.CapturedQ);
        Assert.Equal(Now.AddMinutes(1), payment.UpdatedAt);
    }

    [Theory]
    [InlineData(GatewayStatuses.RequiresAction)]
    [InlineData(GatewayStatuses.Processing)]
    [InlineData(GatewayStatuses.Authorized)]
    [InlineData(GatewayStatuses.Cancelled)]
    [InlineData(GatewayStatuses.Declined)]
    public void Apply_ChangesNothing_WhenALateAnswerArrivesAfterTheCapture(string late)
    {
        var payment = Authorized();
        payment.Apply(new GatewayPayment("pi_1", GatewayStatuses.Captured, 3000, 0, 3000), Now);

        Assert.False(payment.Apply(new GatewayPayment("pi_1", late, 3000, 3000, 0), Now.AddMinutes(5)));
        Assert.Equal(GatewayStatuses.Captured, payment.Status);
        Assert.Equal(3000, payment.CapturedQ);
        Assert.Equal(Now, payment.UpdatedAt);
    }

    [Fact]
    public void Apply_LetsTheCustomerFinish_FromRequiresActionToAuthorized()
    {
        var payment = Payment.From(new GatewayPayment("pi_2", GatewayStatuses.RequiresAction, 900, 0, 0), "stripe", "shop", "s2", 4, "BRL", Now);
        Assert.True(payment.Apply(new GatewayPayment("pi_2", GatewayStatuses.Authorized, 900, 900, 0), Now));
        Assert.True(payment.IsAuthorized);
    }

    [Fact]
    public void Refunded_NeverGoesDownAndNeverPassesTheCapture()
    {
        var payment = Authorized();
        payment.Apply(new GatewayPayment("pi_1", GatewayStatuses.Captured, 3000, 0, 2000), Now);

        Assert.True(payment.Refunded(500, Now));
        Assert.False(payment.Refunded(300, Now));
        Assert.Equal(500, payment.RefundedQ);
        Assert.True(payment.Refunded(9999, Now));
        Assert.Equal(2000, payment.RefundedQ);
    }

    [Fact]
    public void Reason_IsCutToItsColumn_WhenTheGatewaySaysMore()
    {
        var payment = Payment.From(new GatewayPayment("pi_3", GatewayStatuses.Declined, 100, 0, 0, Reason: new string('x', 600) + "😀"),
            "stripe", "shop", "s3", 1, "BRL", Now);
        Assert.Equal(Payment.MaxReasonLength, payment.Reason!.Length);
    }

    [Fact]
    public void Refundable_CountsOurRefundsOnceAndThoseMadeElsewhere()
    {
        var payment = Authorized();
        payment.Apply(new GatewayPayment("pi_1", GatewayStatuses.Captured, 3000, 0, 3000), Now);
        Assert.Equal(2500, payment.Refundable(askedQ: 500, madeQ: 0));

        payment.Refunded(500, Now);   // our 500, made and reported
        Assert.Equal(2500, payment.Refundable(askedQ: 500, madeQ: 500));

        payment.Refunded(1200, Now);  // and 700 refunded in the gateway's dashboard
        Assert.Equal(1800, payment.Refundable(askedQ: 500, madeQ: 500));
        Assert.Equal(1300, payment.Refundable(askedQ: 1000, madeQ: 500));   // 500 more of ours on the way
    }
}
