namespace Omniman.Housekeeping;

/// <summary>
/// Settings of <c>Omniman:Retention</c>: how long finished work that is no audit trail is kept. Done
/// directives and ended stock holds go after <see cref="Days"/>; failed directives, order events and
/// stock movements (the audit trail) stay.
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "Omniman:Retention";

    /// <summary>Days a done directive or an ended (released, expired, fulfilled) stock hold is kept; 0 keeps them for good.</summary>
    public double Days { get; set; } = 7;

    /// <summary>Rows one delete statement removes: short statements hold their locks briefly, beside live traffic.</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>Batches one housekeeping pass runs per table at most; the next pass goes on where it stopped.</summary>
    public int MaxBatchesPerRun { get; set; } = 20;
}
