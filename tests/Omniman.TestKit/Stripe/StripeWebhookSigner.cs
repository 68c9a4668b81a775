using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Omniman.TestKit.Stripe;

/// <summary>
/// Signs webhook bodies the way Stripe does, written from Stripe's description rather than with its
/// client, so a test checks the verifier against the scheme and not against itself:
/// <c>Stripe-Signature: t=&lt;unix seconds&gt;,v1=hex(HMAC-SHA256(secret, "&lt;t&gt;.&lt;body&gt;"))</c>,
/// one <c>v1</c> per secret while a secret rolls over.
/// </summary>
public static class StripeWebhookSigner
{
    /// <summary>The <c>Stripe-Signature</c> header for <paramref name="body"/> signed at <paramref name="at"/> with each of <paramref name="secrets"/>.</summary>
    public static string Header(string body, DateTimeOffset at, params string[] secrets)
    {
        var t = at.ToUnixTimeSeconds();
        return string.Join(',', [$"t={t.ToString(CultureInfo.InvariantCulture)}", .. secrets.Select(s => $"v1={Signature(body, s, t)}")]);
    }

    /// <summary>The hex HMAC-SHA256 of <c>"&lt;t&gt;.&lt;body&gt;"</c> under <paramref name="secret"/>.</summary>
    public static string Signature(string body, string secret, long t) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret),
            Encoding.UTF8.GetBytes($"{t.ToString(CultureInfo.InvariantCulture)}.{body}")));
}
