namespace Omniman.Marketplaces;

/// <summary>
/// A marketplace's access token, kept until the expiry the marketplace gave, shared by every process
/// on the database so a fleet of workers asks for one token, not one each.
/// </summary>
public sealed class MarketplaceToken
{
    private MarketplaceToken() { }

    public string Provider { get; private set; } = "";
    /// <summary>iFood's tokens are JWTs of up to 8,000 characters: the column is unbounded text.</summary>
    public string AccessToken { get; private set; } = "";
    public DateTime ExpiresAt { get; private set; }
    public DateTime IssuedAt { get; private set; }

    public static MarketplaceToken Of(string provider, string accessToken, DateTime expiresAt, DateTime nowUtc) =>
        new() { Provider = provider, AccessToken = accessToken, ExpiresAt = expiresAt, IssuedAt = nowUtc };

    public void Replace(string accessToken, DateTime expiresAt, DateTime nowUtc)
    {
        AccessToken = accessToken;
        ExpiresAt = expiresAt;
        IssuedAt = nowUtc;
    }
}
