namespace Omniman.Webhooks.Http;

/// <summary>The webhooks endpoints' requests and answers as the OpenAPI document shows them.</summary>
internal static class WebhookExamples
{
    public const string SubscriptionRequest = """
        {"url": "https://erp.example.com/omniman", "events": ["order.created", "order.status_changed"], "channels": ["shop"],
         "description": "ERP order feed"}
        """;

    public const string Subscription = """
        {"id": "WHS-7QK2M9XR4TBA", "url": "https://erp.example.com/omniman", "events": ["order.created", "order.status_changed"],
         "channels": ["shop"], "description": "ERP order feed", "status": "active", "paused_reason": null, "failing_since": null,
         "created_at": "2025-12-18T10:00:00Z"}
        """;

    public const string NewSubscription = """
        {"id": "WHS-7QK2M9XR4TBA", "url": "https://erp.example.com/omniman", "events": ["order.created", "order.status_changed"],
         "channels": ["shop"], "description": "ERP order feed", "status": "active", "paused_reason": null, "failing_since": null,
         "created_at": "2025-12-18T10:00:00Z", "secret": "whsec_5f0c2a9d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b"}
        """;

    public const string Paused = """
        {"id": "WHS-7QK2M9XR4TBA", "url": "https://erp.example.com/omniman", "events": ["order.created"], "channels": null,
         "description": null, "status": "paused", "paused_reason": "paused by an admin", "failing_since": null,
         "created_at": "2025-12-18T10:00:00Z"}
        """;

    public const string Delivery = """
        {"id": "WHD-N3C8RT2WQEKA", "subscription_id": "WHS-7QK2M9XR4TBA", "event_id": "evt_mvax7mx2sq4ygnn4ng6qf4p3",
         "event_type": "order.created", "status": "delivered", "attempts": 1, "response_code": 200, "error": null, "duration_ms": 42,
         "created_at": "2025-12-18T10:02:00Z", "delivered_at": "2025-12-18T10:02:01Z"}
        """;
}
