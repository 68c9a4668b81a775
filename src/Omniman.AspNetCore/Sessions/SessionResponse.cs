using System.Text.Json.Nodes;
using Omniman.Sessions;

namespace Omniman.AspNetCore.Sessions;

/// <summary>A session on the wire (docs/api.md, Sessions).</summary>
public sealed record SessionResponse(
    string SessionKey, string ChannelCode, string? HandleType, string? HandleRef, string State,
    string PricingPolicy, string EditPolicy, int Rev, IReadOnlyList<SessionLine> Items, JsonObject Data,
    JsonObject Pricing, long TotalQ, DateTime OpenedAt, DateTime UpdatedAt, DateTime? CommittedAt, DateTime? AbandonedAt);

internal static class SessionMapping
{
    public static SessionResponse ToResponse(this Session s) => new(
        s.SessionKey, s.ChannelCode, s.HandleType, s.HandleRef, s.State, s.PricingPolicy, s.EditPolicy, s.Rev,
        s.Items, s.Data, s.Pricing, s.TotalQ, s.OpenedAt, s.UpdatedAt, s.CommittedAt, s.AbandonedAt);

    /// <summary>The session's rev as an entity tag, so <c>If-Match</c> can stand in for <c>expected_rev</c>.</summary>
    public static string ETag(this Session s) => $"\"{s.Rev}\"";
}
