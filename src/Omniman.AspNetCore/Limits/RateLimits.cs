using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Omniman.AspNetCore.Errors;

namespace Omniman.AspNetCore.Limits;

/// <summary>One token bucket: a steady rate and the burst above it.</summary>
public sealed class RateLimitRule
{
    public int PermitsPerSecond { get; set; }
    public int Burst { get; set; }
}

/// <summary>Settings of <c>Omniman:RateLimits</c>: one bucket per API key (or client address) and kind of request.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Omniman:RateLimits";

    public bool Enabled { get; set; } = true;
    // Per key, and generous: one busy integration or the benchmark suite runs below them; a runaway
    // client loop or a leaked key hammering the API does not.
    public RateLimitRule Modify { get; set; } = new() { PermitsPerSecond = 10_000, Burst = 20_000 };
    public RateLimitRule Commit { get; set; } = new() { PermitsPerSecond = 5_000, Burst = 10_000 };
    public RateLimitRule Reads { get; set; } = new() { PermitsPerSecond = 20_000, Burst = 40_000 };
    public RateLimitRule Writes { get; set; } = new() { PermitsPerSecond = 10_000, Burst = 20_000 };
}

/// <summary>
/// ASP.NET Core's rate limiter, partitioned per key and kind of request (modify, commit, reads,
/// other writes). A refused request answers 429 <c>rate_limited</c> with <c>Retry-After</c>.
/// </summary>
internal static class RateLimits
{
    public static IServiceCollection AddOmnimanRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                var options = http.RequestServices.GetRequiredService<IOptionsMonitor<RateLimitOptions>>().CurrentValue;
                if (!options.Enabled || !http.Request.Path.StartsWithSegments("/api")) return RateLimitPartition.GetNoLimiter("off");
                var (kind, rule) = Classify(http.Request, options);
                var caller = http.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } keyId
                    ? "key:" + keyId
                    : "addr:" + http.Connection.RemoteIpAddress;
                return RateLimitPartition.GetTokenBucketLimiter($"{caller}:{kind}", _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = Math.Max(1, rule.Burst),
                    TokensPerPeriod = Math.Max(1, rule.PermitsPerSecond),
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            limiter.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await ErrorEnvelope.WriteAsync(context.HttpContext, "rate_limited", "Too many requests for this API key; slow down.",
                    new { retry_after_seconds = retryAfter });
            };
        });
        return services;
    }

    private static (string Kind, RateLimitRule Rule) Classify(HttpRequest request, RateLimitOptions options)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) return ("reads", options.Reads);
        var path = request.Path.Value?.TrimEnd('/') ?? "";
        if (path.EndsWith("/modify", StringComparison.Ordinal) || path.EndsWith("/resolve", StringComparison.Ordinal)) return ("modify", options.Modify);
        if (path.EndsWith("/commit", StringComparison.Ordinal)) return ("commit", options.Commit);
        return ("writes", options.Writes);
    }
}
