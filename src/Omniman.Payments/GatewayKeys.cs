using System.Security.Cryptography;
using System.Text;

namespace Omniman.Payments;

/// <summary>
/// The idempotency keys of gateway calls: each names one step of one payment, so a retry of the step
/// (a directive run again, a client repeating its request) is the same call to the gateway, which
/// answers it from its idempotency store instead of charging again.
/// </summary>
internal static class GatewayKeys
{
    public static string Capture(Payment payment) => $"omniman:capture:{payment.Id}";
    public static string Cancel(Payment payment) => $"omniman:cancel:{payment.Id}";
    public static string Refund(PaymentRefund refund) => $"omniman:refund:{refund.Id}";

    /// <summary>
    /// One authorization per session, rev, amount, method and backend: a client that repeats the
    /// request gets the same payment; a changed basket or another card is a new one. Hashed, so the
    /// key keeps the gateway's length limit whatever the session key.
    /// </summary>
    public static string Authorize(string backend, string channelCode, string sessionKey, int rev, long amountQ, string? method) =>
        "omniman:authorize:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Join('\u001f', backend, channelCode, sessionKey, rev.ToString(System.Globalization.CultureInfo.InvariantCulture),
                amountQ.ToString(System.Globalization.CultureInfo.InvariantCulture), method ?? ""))));
}
