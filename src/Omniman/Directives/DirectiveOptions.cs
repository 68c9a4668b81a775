namespace Omniman.Directives;

/// <summary>Settings of <c>Omniman:Worker</c>: whether this process runs the directive worker.</summary>
public sealed class WorkerOptions
{
    public const string Section = "Omniman:Worker";

    /// <summary>False runs the API only; another process (<c>omniman worker</c>) runs the directives.</summary>
    public bool Enabled { get; set; } = true;
}

/// <summary>Settings of <c>Omniman:Directives</c>.</summary>
public sealed class DirectiveOptions
{
    public const string Section = "Omniman:Directives";

    /// <summary>Attempts before a directive stays <c>failed</c>.</summary>
    public int MaxAttempts { get; set; } = 5;
    /// <summary>Delay before the second attempt; doubles per attempt, with jitter, up to <see cref="MaxBackoffSeconds"/>.</summary>
    public double BaseBackoffSeconds { get; set; } = 2;
    public double MaxBackoffSeconds { get; set; } = 300;
    /// <summary>How long a claim lasts before another worker may take the directive over.</summary>
    public double LeaseSeconds { get; set; } = 60;
    /// <summary>How many directives one pass claims; each of the worker's lanes claims its share (BatchSize / Concurrency).</summary>
    public int BatchSize { get; set; } = 20;
    /// <summary>How many directives run at the same time: the worker's lanes, and the parallel runs of one pass.</summary>
    public int Concurrency { get; set; } = 4;
    /// <summary>The worker's lanes for directives that wait on outside services (webhooks, mail): apart from the others, so they never hold them up.</summary>
    public int OutboundConcurrency { get; set; } = 8;
    /// <summary>How often an idle worker looks for due directives when no wake-up arrives.</summary>
    public double PollSeconds { get; set; } = 1;
    /// <summary>How often the housekeeping jobs run.</summary>
    public double HousekeepingSeconds { get; set; } = 30;
}
