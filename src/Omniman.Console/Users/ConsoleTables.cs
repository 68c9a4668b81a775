using Microsoft.EntityFrameworkCore;
using Omniman.Persistence;

namespace Omniman.OperatorConsole.Users;

/// <summary>The console's table: its operator users (docs/concepts.md, "A module's tables").</summary>
public sealed class ConsoleTables : ModuleTables
{
    public override string Name => "console";

    public override void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OperatorUser>(user =>
        {
            user.ToTable("operator_users");
            user.HasKey(u => u.Id);
            user.Property(u => u.Name).HasMaxLength(OperatorUser.MaxNameLength);
            user.Property(u => u.NameKey).HasMaxLength(OperatorUser.MaxNameLength);
            user.Property(u => u.Role).HasMaxLength(16);
            user.Property(u => u.PasswordHash).HasMaxLength(512);
            user.Property(u => u.Language).HasMaxLength(16);
            user.Property(u => u.TimeZone).HasMaxLength(64);
            // Counted on the row under optimistic concurrency: two wrong passwords at once both count.
            user.Property(u => u.FailedSignIns).IsConcurrencyToken();
            user.HasIndex(u => u.NameKey).IsUnique().HasDatabaseName("ux_operator_users_name");
        });
    }

    public override Type MigrationsContext(string provider) => provider switch
    {
        "Sqlite" => typeof(ConsoleSqliteDb),
        "Postgres" => typeof(ConsolePostgresDb),
        _ => throw new NotSupportedException($"The console module has no migrations for the {provider} provider."),
    };
}
