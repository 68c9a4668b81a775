namespace Omniman.AspNetCore.Health;

/// <summary>Settings of <c>Omniman:Health</c>: what <c>/health/ready</c> tolerates (docs/operations.md).</summary>
public sealed class HealthOptions
{
    public const string Section = "Omniman:Health";

    /// <summary>How long the oldest due <c>queued</c> directive may have waited before the process is not ready.</summary>
    public double MaxDirectiveLagSeconds { get; set; } = 60;
}
