using System.Text.Json.Nodes;

namespace Omniman.AspNetCore.Sessions;

public sealed record ModifyRequest(string? ChannelCode, JsonArray? Ops, int? ExpectedRev);

public sealed record CommitRequest(string? ChannelCode, string? IdempotencyKey);

public sealed record ResolveRequest(string? ChannelCode, string? IssueId, string? ActionId, int? ExpectedRev);

public sealed record ChannelScopedRequest(string? ChannelCode);
