using Microsoft.EntityFrameworkCore;
using Omniman.Access;
using Omniman.Channels;
using Omniman.Directives;
using Omniman.Idempotency;
using Omniman.Orders;
using Omniman.Pricing;
using Omniman.Sessions;
using Omniman.Stock;

namespace Omniman.Persistence;

/// <summary>
/// The one model of the kernel, each provider project carrying its own migration set for it, and the
/// tables of the host's modules (<see cref="ModuleTables"/>), which their own migration sets create.
/// </summary>
public sealed class OmnimanDb : DbContext
{
    private readonly IReadOnlyList<ModuleTables> _modules;

    public OmnimanDb(DbContextOptions<OmnimanDb> options) : base(options)
    {
        _modules = OmnimanModel.Modules(options);
        // No savepoint around each SaveChanges inside a transaction: PostgreSQL would get a RELEASE
        // round trip per save (two per commit, two per stock check). No code here goes on with a
        // transaction after a failed save; it is rolled back whole. Pooled contexts keep this setting.
        Database.AutoSavepointsEnabled = false;
    }

    public DbSet<Channel> Channels => Set<Channel>();
    public DbSet<Session> Sessions => Set<Session>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderItem> OrderItems => Set<OrderItem>();
    public DbSet<OrderEvent> OrderEvents => Set<OrderEvent>();
    public DbSet<Directive> Directives => Set<Directive>();
    public DbSet<IdempotencyRecord> IdempotencyKeys => Set<IdempotencyRecord>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<Promotion> Promotions => Set<Promotion>();
    public DbSet<StockLevel> StockLevels => Set<StockLevel>();
    public DbSet<StockHold> StockHolds => Set<StockHold>();
    public DbSet<StockMovement> StockMovements => Set<StockMovement>();

    internal bool IsPostgres => Database.ProviderName == OmnimanModel.PostgresProvider;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(OmnimanDb).Assembly, t => t.Namespace == typeof(OmnimanDb).Namespace + ".Configurations");
        foreach (var module in _modules) OmnimanModel.AddModule(modelBuilder, module);
        modelBuilder.UseJsonColumnType(IsPostgres);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        OmnimanModel.Conventions(configurationBuilder);
}
