namespace Omniman.AspNetCore.Auth;

/// <summary>Settings of <c>Omniman:Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "Omniman:Auth";

    /// <summary>How long a process trusts what it read about a key; a revocation elsewhere takes effect after at most this. 0 turns caching off.</summary>
    public double CacheSeconds { get; set; } = 5;
}
