using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;

namespace Omniman.AspNetCore.Sessions;

public sealed record ModifyRequest(string? ChannelCode, [property: Required] JsonArray? Ops, int? ExpectedRev);

public sealed record CommitRequest(string? ChannelCode, string? IdempotencyKey);

public sealed record ResolveRequest(string? ChannelCode, [property: Required] string? IssueId, [property: Required] string? ActionId, int? ExpectedRev);

public sealed record ChannelScopedRequest(string? ChannelCode);
