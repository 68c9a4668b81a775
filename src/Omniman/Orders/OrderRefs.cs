using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Omniman.Common;
using Omniman.Persistence;

namespace Omniman.Orders;

/// <summary>Order references: <c>ORD-{date}-{random}</c>, by the settings of spec §11.</summary>
public sealed class OrderRefs(IOptions<OmnimanOptions> options)
{
    public string Next(DateTime nowUtc)
    {
        var o = options.Value;
        return o.OrderRefPrefix + nowUtc.ToString(o.OrderRefDateFormat, CultureInfo.InvariantCulture) + "-" + RandomCodes.Next(o.OrderRefRandomLength);
    }

    /// <summary>A reference no order has yet; the unique index backs this up against a race.</summary>
    public async Task<string> NextUnusedAsync(OmnimanDb db, DateTime nowUtc, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var candidate = Next(nowUtc);
            if (!await db.Orders.AnyAsync(o => o.Ref == candidate, ct)) return candidate;
        }
        throw new OmnimanException("ref_exhausted", "Could not find a free order reference; widen OrderRefRandomLength.");
    }
}
