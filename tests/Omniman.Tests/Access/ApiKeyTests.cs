using Omniman.Access;

namespace Omniman.Tests.Access;

public sealed class ApiKeyTests
{
    [Theory]
    [InlineData("dev-secret", "dev-s")]
    [InlineData("omk_ABCDEFGHIJKLMNOPQRSTUVWXYZ", "omk_ABCDEFGH")]
    public void Create_KeepsAPrefixThatIsNeverTheWholeSecret(string secret, string prefix)
    {
        var key = ApiKey.Create("k", secret, [Scopes.Admin], null, Given.Now);
        Assert.Equal(prefix, key.Prefix);
        Assert.NotEqual(secret, key.SecretHash);
        Assert.Equal(64, key.SecretHash.Length);
    }
}
