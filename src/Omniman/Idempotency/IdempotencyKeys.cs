using Omniman.Common;

namespace Omniman.Idempotency;

public static class IdempotencyKeys
{
    /// <summary>The longest key a client may send; the key column holds this many characters.</summary>
    public const int MaxLength = 128;

    /// <summary>A key for a commit that brought none: such an attempt can never be replayed.</summary>
    public static string New() => "auto-" + RandomCodes.Next(24);
}
