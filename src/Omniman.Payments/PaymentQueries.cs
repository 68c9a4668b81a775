using Omniman.Persistence;

namespace Omniman.Payments;

/// <summary>The payment queries more than one step makes.</summary>
internal static class PaymentQueries
{
    /// <summary>The payments taken for one session (served by <c>ix_payments_session</c>), linked to an order or not.</summary>
    public static IQueryable<Payment> OfSession(this OmnimanDb db, string channelCode, string sessionKey) =>
        db.Set<Payment>().Where(p => p.ChannelCode == channelCode && p.SessionKey == sessionKey);
}
