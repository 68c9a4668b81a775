using Omniman.Common;

namespace Omniman.Idempotency;

public static class IdempotencyKeys
{
    /// <summary>A key for a commit that brought none: such an attempt can never be replayed.</summary>
    public static string New() => "auto-" + RandomCodes.Next(24);
}
