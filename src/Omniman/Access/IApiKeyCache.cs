namespace Omniman.Access;

/// <summary>
/// A process's cache of keys by the hash of their secret (the API's authentication keeps one). When a
/// key stops working sooner than it said (revoked, or cut short by a rotation), <see cref="ManageApiKeys"/>
/// and <see cref="RotateApiKey"/> tell every cache of this process, so the change counts here at once
/// whoever made it (an API call or a console page); other processes notice within their cache time
/// (docs/api.md, Revoke a key).
/// </summary>
public interface IApiKeyCache
{
    void Evict(string secretHash);
}
