namespace Omniman.Channels;

/// <summary>Where a line's price comes from (docs/concepts.md, Pricing).</summary>
public static class PricingPolicies
{
    public const string Internal = "internal";
    public const string External = "external";
    public const string Mixed = "mixed";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Internal, External, Mixed };
}

/// <summary>Whether a channel's sessions may be modified through the API.</summary>
public static class EditPolicies
{
    public const string Open = "open";
    public const string Locked = "locked";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Open, Locked };
}
