using System.Security.Cryptography;
using System.Text;

namespace Omniman.Marketplaces.Rappi;

/// <summary>
/// Rappi's webhook signature: <c>Rappi-Signature: t=&lt;timestamp&gt;,sign=&lt;hex&gt;</c>, the hex HMAC-SHA256 of
/// <c>&lt;timestamp&gt;.&lt;raw body&gt;</c> keyed with the webhook secret, compared in constant time.
/// </summary>
public static class RappiSignature
{
    public const string Header = "Rappi-Signature";

    public static string Sign(string timestamp, ReadOnlySpan<byte> body, string secret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Signed(timestamp, body)));

    /// <summary>The header's value for <paramref name="body"/> at <paramref name="timestamp"/>.</summary>
    public static string HeaderValue(string timestamp, ReadOnlySpan<byte> body, string secret) => $"t={timestamp},sign={Sign(timestamp, body, secret)}";

    public static bool Verify(ReadOnlySpan<byte> body, string? header, string secret)
    {
        if (string.IsNullOrWhiteSpace(header)) return false;
        string? timestamp = null, sign = null;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) continue;
            var (key, value) = (part[..eq].Trim(), part[(eq + 1)..].Trim());
            if (key == "t") timestamp = value;
            else if (key == "sign") sign = value;
        }
        if (timestamp is not { Length: > 0 } || sign is not { Length: 64 }) return false;
        byte[] given;
        try
        {
            given = Convert.FromHexString(sign);
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(given, HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Signed(timestamp, body)));
    }

    private static byte[] Signed(string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return signed;
    }
}
