using System.Text.Json.Nodes;
using Omniman.Sessions;

namespace Omniman.Payments;

/// <summary>
/// The <c>payment</c> check (docs/payments.md): standing when the session's authorized payments cover
/// its total. Otherwise a blocking issue says why: nothing authorized yet, the card declined, or the
/// total grew past what was authorized.
/// </summary>
internal static class PaymentCoverage
{
    public static CheckOutcome Of(Session session, IReadOnlyList<Payment> payments)
    {
        var authorized = payments.Where(p => p.IsAuthorized).ToList();
        var authorizedQ = authorized.Sum(p => p.AmountQ);
        var result = new JsonObject
        {
            ["authorized_q"] = authorizedQ,
            ["payments"] = new JsonArray([.. authorized.Select(p => (JsonNode)p.Id)]),
        };
        var issues = new List<IssueDraft>();
        if (authorizedQ < session.TotalQ) issues.Add(Issue(session, payments, authorized, authorizedQ));
        return new CheckOutcome(PaymentSettings.CheckCode, session.Rev, issues.Count == 0 ? "ok" : "issues", result, issues);
    }

    // The messages are read by people (the console shows them as they are) and name no amount in
    // minor units: the amounts are in the context, for a client to show in its currency.
    private static IssueDraft Issue(Session session, IReadOnlyList<Payment> payments, List<Payment> authorized, long authorizedQ)
    {
        var context = new JsonObject { ["total_q"] = session.TotalQ, ["authorized_q"] = authorizedQ };
        if (authorized.Count > 0)
            return new IssueDraft("payment_amount_changed",
                "The total grew past what is authorized: authorize the difference, or start the payment again.",
                Blocking: true, context, []);
        if (payments.OrderByDescending(p => p.CreatedAt).FirstOrDefault() is { Status: GatewayStatuses.Declined } declined)
        {
            context["payment_id"] = declined.Id;
            context["reason"] = declined.Reason;
            return new IssueDraft("payment_declined", $"The payment was declined: {declined.Reason}", Blocking: true, context, []);
        }
        return new IssueDraft("payment_required", "Authorize a payment for the session's total before checkout.", Blocking: true, context, []);
    }
}
