using Omniman.Simulator.IFood;
using Omniman.TestKit;

namespace Omniman.Marketplaces.Tests;

/// <summary>The app with iFood set up against a simulated iFood that lives as long as the app and shares its clock.</summary>
public sealed class IFoodSqliteApp : SqliteApp
{
    public IFoodSimulator IFood { get; private set; } = null!;

    public override async Task InitializeAsync() => IFood = await IFoodSimulator.StartAsync(clock: Clock);

    protected override IEnumerable<KeyValuePair<string, string>> Settings => [.. IFood.Settings, new("Omniman:Marketplaces:IFood:TimeoutSeconds", "5")];

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await IFood.DisposeAsync();
    }
}

public sealed class IFoodPostgresApp : PostgresApp
{
    public IFoodSimulator IFood { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        IFood = await IFoodSimulator.StartAsync(clock: Clock);
    }

    protected override IEnumerable<KeyValuePair<string, string>> Settings => [.. IFood.Settings, new("Omniman:Marketplaces:IFood:TimeoutSeconds", "5")];

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await IFood.DisposeAsync();
    }
}
