namespace Omniman.Payments.Http;

/// <summary>The payments endpoints' answers as the OpenAPI document shows them.</summary>
internal static class PaymentExamples
{
    public const string Payment = """
        {"id": "PAY-7QK2M9XR4TBA", "backend": "mock", "status": "authorized", "amount_q": 3000, "currency": "BRL", "rev": 1,
         "captured_q": 0, "refunded_q": 0, "transaction_id": "mock_pi_5f0c2a9d8e7b6a5f4e3d2c1b", "reason": null,
         "created_at": "2025-12-18T10:01:00Z", "client_secret": null}
        """;

    public const string Refunds = """
        {"order_ref": "ORD-20251218-3TDZMH", "amount_q": 1200,
         "refunds": [{"id": "RFD-N3C8RT2WQEKA", "payment_id": "PAY-7QK2M9XR4TBA", "amount_q": 1200, "reason": "requested_by_customer",
                      "status": "requested", "created_at": "2025-12-18T11:00:00Z"}]}
        """;
}
