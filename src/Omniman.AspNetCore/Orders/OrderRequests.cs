using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;

namespace Omniman.AspNetCore.Orders;

public sealed record TransitionRequest([property: Required] string? Status, string? Actor, string? Reason);

public sealed record OrderEventRequest([property: Required] string? Type, JsonObject? Payload);

public sealed record ExternalStatusRequest([property: Required] string? Code);
