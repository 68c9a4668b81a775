using System.Security.Cryptography;
using System.Text;

namespace Omniman.Marketplaces.IFood;

/// <summary>
/// iFood's webhook signature: <c>X-IFood-Signature</c> is the hex HMAC-SHA256 of the raw body, keyed with the
/// app's client secret. Compared in constant time; iFood sends bad signatures on purpose during homologation.
/// </summary>
public static class IFoodSignature
{
    public const string Header = "X-IFood-Signature";

    public static string Sign(ReadOnlySpan<byte> body, string clientSecret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(clientSecret), body));

    public static bool Verify(ReadOnlySpan<byte> body, string? signature, string clientSecret)
    {
        if (string.IsNullOrWhiteSpace(signature) || signature.Length != 64) return false;
        byte[] given;
        try
        {
            given = Convert.FromHexString(signature.Trim());
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(given, HMACSHA256.HashData(Encoding.UTF8.GetBytes(clientSecret), body));
    }
}
