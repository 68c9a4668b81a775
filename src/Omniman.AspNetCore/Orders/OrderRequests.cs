using System.Text.Json.Nodes;

namespace Omniman.AspNetCore.Orders;

public sealed record TransitionRequest(string? Status, string? Actor, string? Reason);

public sealed record OrderEventRequest(string? Type, JsonObject? Payload);

public sealed record ExternalStatusRequest(string? Code);
