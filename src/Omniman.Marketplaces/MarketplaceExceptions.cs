namespace Omniman.Marketplaces;

/// <summary>A webhook delivery whose signature is missing or does not match its body.</summary>
public sealed class MarketplaceSignatureException : Exception
{
    public MarketplaceSignatureException() : this("The signature does not match the body.") { }
    public MarketplaceSignatureException(string message) : base(message) { }
    public MarketplaceSignatureException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>
/// The marketplace cannot answer now (a 5xx, a 429, a timeout, a refused connection): whatever asked
/// tries again later, after <see cref="RetryAfter"/> when the marketplace named a time.
/// </summary>
public sealed class MarketplaceUnavailableException : Exception
{
    public MarketplaceUnavailableException() : this("The marketplace did not answer.") { }
    public MarketplaceUnavailableException(string message) : base(message) { }
    public MarketplaceUnavailableException(string message, Exception innerException) : base(message, innerException) { }
    public MarketplaceUnavailableException(string message, TimeSpan? retryAfter) : base(message) => RetryAfter = retryAfter;

    public TimeSpan? RetryAfter { get; }
}
