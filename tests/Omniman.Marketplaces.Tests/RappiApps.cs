using Omniman.Simulator.Rappi;
using Omniman.TestKit;

namespace Omniman.Marketplaces.Tests;

/// <summary>The app with Rappi set up against a simulated Rappi that lives as long as the app and shares its clock.</summary>
public sealed class RappiSqliteApp : SqliteApp
{
    public RappiSimulator Rappi { get; private set; } = null!;

    public override async Task InitializeAsync() => Rappi = await RappiSimulator.StartAsync(clock: Clock);

    protected override IEnumerable<KeyValuePair<string, string>> Settings => [.. Rappi.Settings, new("Omniman:Marketplaces:Rappi:TimeoutSeconds", "5")];

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Rappi.DisposeAsync();
    }
}

public sealed class RappiPostgresApp : PostgresApp
{
    public RappiSimulator Rappi { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Rappi = await RappiSimulator.StartAsync(clock: Clock);
    }

    protected override IEnumerable<KeyValuePair<string, string>> Settings => [.. Rappi.Settings, new("Omniman:Marketplaces:Rappi:TimeoutSeconds", "5")];

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Rappi.DisposeAsync();
    }
}
