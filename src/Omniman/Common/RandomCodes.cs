using System.Security.Cryptography;

namespace Omniman.Common;

/// <summary>Random identifiers drawn from an alphabet without look-alike characters (no 0/O, 1/I/L).</summary>
public static class RandomCodes
{
    public const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    public static string Next(int length) => RandomNumberGenerator.GetString(Alphabet, length);
}
