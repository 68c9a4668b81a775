using System.Globalization;
using Microsoft.Extensions.Options;
using Omniman.Common;

namespace Omniman.Orders;

/// <summary>Order references: <c>ORD-{date}-{random}</c>, by the settings in docs/configuration.md.</summary>
public sealed class OrderRefs(IOptions<OmnimanOptions> options)
{
    /// <summary>How many refs a commit draws before it gives up (<c>ref_exhausted</c>): each taken one costs a rerun.</summary>
    public const int MaxAttempts = 10;

    public string Next(DateTime nowUtc)
    {
        var o = options.Value;
        return o.OrderRefPrefix + nowUtc.ToString(o.OrderRefDateFormat, CultureInfo.InvariantCulture) + "-" + RandomCodes.Next(o.OrderRefRandomLength);
    }
}
