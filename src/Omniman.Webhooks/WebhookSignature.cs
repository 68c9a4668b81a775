using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Omniman.Webhooks;

/// <summary>
/// <c>Omniman-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, "&lt;t&gt;.&lt;body&gt;")&gt;</c>:
/// the time is part of what is signed, so a receiver can refuse an old delivery replayed (docs/webhooks.md).
/// </summary>
public static class WebhookSignature
{
    public const string Header = "Omniman-Signature";
    public const string EventIdHeader = "Omniman-Event-Id";

    public static string For(string secret, string body, DateTimeOffset at)
    {
        var t = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}"));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }
}
