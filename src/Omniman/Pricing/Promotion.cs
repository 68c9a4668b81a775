using System.ComponentModel.DataAnnotations;
using Omniman.Common;

namespace Omniman.Pricing;

/// <summary>A coupon-activated discount (docs/concepts.md, Pricing): percent or fixed amount off, with optional limits.</summary>
public sealed class Promotion
{
    /// <summary>The longest promotion code; the column holds this many characters.</summary>
    public const int MaxCodeLength = 64;

    private Promotion() { }

    public long Id { get; private set; }
    public string Code { get; private set; } = "";
    public decimal? PercentOff { get; private set; }
    public long? AmountOffQ { get; private set; }
    public List<string>? Skus { get; private set; }
    public long? MinSubtotalQ { get; private set; }
    public DateTime? ValidFrom { get; private set; }
    public DateTime? ValidUntil { get; private set; }
    /// <summary>How many orders may use it; counted at commit.</summary>
    public int? UsageLimit { get; private set; }
    public int UsageCount { get; private set; }
    public DateTime CreatedAt { get; private set; }

    public static Promotion Create(PromotionDefinition d, DateTime nowUtc)
    {
        if (string.IsNullOrWhiteSpace(d.Code)) throw OmnimanException.MissingField("code");
        if (!Text.Fits(d.Code, MaxCodeLength)) throw OmnimanException.Invalid("code", $"A promotion code has {Text.AtMost(MaxCodeLength)}.");
        foreach (var sku in d.Skus ?? []) SkuRule.Ensure("skus", sku);
        if ((d.PercentOff is null) == (d.AmountOffQ is null))
            throw OmnimanException.Invalid("percent_off", "Give exactly one of percent_off and amount_off_q.");
        if (d.PercentOff is { } pct && (pct <= 0 || pct > 100))
            throw OmnimanException.Invalid("percent_off", "percent_off is more than 0 and at most 100.");
        if (d.AmountOffQ is <= 0) throw OmnimanException.Invalid("amount_off_q", "amount_off_q is a positive amount in minor units.");
        if (d.MinSubtotalQ is < 0) throw OmnimanException.Invalid("min_subtotal_q", "min_subtotal_q cannot be negative.");
        if (d.UsageLimit is < 1) throw OmnimanException.Invalid("usage_limit", "usage_limit is at least 1.");
        if (d.ValidFrom is { } from && d.ValidUntil is { } until && until <= from)
            throw OmnimanException.Invalid("valid_until", "valid_until must be after valid_from.");
        return new Promotion
        {
            Code = d.Code, PercentOff = d.PercentOff, AmountOffQ = d.AmountOffQ,
            Skus = d.Skus is { Count: > 0 } skus ? [.. skus] : null,
            MinSubtotalQ = d.MinSubtotalQ, ValidFrom = d.ValidFrom is { } start ? UtcStamp.FromClient(start) : null,
            ValidUntil = d.ValidUntil is { } end ? UtcStamp.FromClient(end) : null,
            UsageLimit = d.UsageLimit, CreatedAt = nowUtc,
        };
    }

    public PromotionTerms Terms() => new(Code, PercentOff, AmountOffQ, Skus, MinSubtotalQ, ValidFrom, ValidUntil, UsageLimit, UsageCount);
}

/// <summary>The writable fields of a promotion.</summary>
// [Required] marks the fields a client must send; the API's contract (its OpenAPI document) reads it, the operation enforces it.
public sealed record PromotionDefinition([property: Required] string? Code, decimal? PercentOff, long? AmountOffQ, List<string>? Skus,
    long? MinSubtotalQ, DateTime? ValidFrom, DateTime? ValidUntil, int? UsageLimit);

/// <summary>A promotion as the pure discount step sees it.</summary>
public sealed record PromotionTerms(string Code, decimal? PercentOff, long? AmountOffQ, IReadOnlyList<string>? Skus,
    long? MinSubtotalQ, DateTime? ValidFrom, DateTime? ValidUntil, int? UsageLimit, int UsageCount)
{
    /// <summary>Why the promotion cannot apply now, or null when it can.</summary>
    public string? Problem(DateTime nowUtc) =>
        ValidFrom is { } from && nowUtc < from ? $"Coupon {Code} is valid from {from:yyyy-MM-dd HH:mm} UTC."
        : ValidUntil is { } until && nowUtc >= until ? $"Coupon {Code} expired on {until:yyyy-MM-dd HH:mm} UTC."
        : UsageLimit is { } limit && UsageCount >= limit ? $"Coupon {Code} has been used up."
        : null;
}
