using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omniman.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class LifecycleSeams : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "status_times",
                table: "orders",
                type: "TEXT",
                nullable: false,
                defaultValue: "{}");

            // The fixed timestamp columns become one document of status → first time entered, their values kept.
            migrationBuilder.Sql("""UPDATE orders SET status_times = json_insert(status_times, '$.confirmed', replace(confirmed_at, ' ', 'T') || 'Z') WHERE confirmed_at IS NOT NULL;""");
            migrationBuilder.Sql("""UPDATE orders SET status_times = json_insert(status_times, '$.processing', replace(processing_at, ' ', 'T') || 'Z') WHERE processing_at IS NOT NULL;""");
            migrationBuilder.Sql("""UPDATE orders SET status_times = json_insert(status_times, '$.ready', replace(ready_at, ' ', 'T') || 'Z') WHERE ready_at IS NOT NULL;""");
            migrationBuilder.Sql("""UPDATE orders SET status_times = json_insert(status_times, '$.dispatched', replace(dispatched_at, ' ', 'T') || 'Z') WHERE dispatched_at IS NOT NULL;""");
            migrationBuilder.Sql("""UPDATE orders SET status_times = json_insert(status_times, '$.delivered', replace(delivered_at, ' ', 'T') || 'Z') WHERE delivered_at IS NOT NULL;""");
            migrationBuilder.Sql("""UPDATE orders SET status_times = json_insert(status_times, '$.completed', replace(completed_at, ' ', 'T') || 'Z') WHERE completed_at IS NOT NULL;""");
            migrationBuilder.Sql("""UPDATE orders SET status_times = json_insert(status_times, '$.cancelled', replace(cancelled_at, ' ', 'T') || 'Z') WHERE cancelled_at IS NOT NULL;""");
            migrationBuilder.Sql("""UPDATE orders SET status_times = json_insert(status_times, '$.returned', replace(returned_at, ' ', 'T') || 'Z') WHERE returned_at IS NOT NULL;""");

            // SQLite drops a plain column in place (3.35 and later); EF would rebuild the table, which turns off
            // foreign keys outside the migration's transaction.
            migrationBuilder.Sql("ALTER TABLE orders DROP COLUMN cancelled_at;");

            migrationBuilder.Sql("ALTER TABLE orders DROP COLUMN completed_at;");

            migrationBuilder.Sql("ALTER TABLE orders DROP COLUMN confirmed_at;");

            migrationBuilder.Sql("ALTER TABLE orders DROP COLUMN delivered_at;");

            migrationBuilder.Sql("ALTER TABLE orders DROP COLUMN dispatched_at;");

            migrationBuilder.Sql("ALTER TABLE orders DROP COLUMN processing_at;");

            migrationBuilder.Sql("ALTER TABLE orders DROP COLUMN ready_at;");

            migrationBuilder.Sql("ALTER TABLE orders DROP COLUMN returned_at;");


            migrationBuilder.AddColumn<string>(
                name: "correlation",
                table: "directives",
                type: "TEXT",
                maxLength: 160,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_directives_correlation_list",
                table: "directives",
                columns: new[] { "correlation", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_directives_correlation_list",
                table: "directives");

            migrationBuilder.DropColumn(
                name: "status_times",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "correlation",
                table: "directives");

            migrationBuilder.AddColumn<DateTime>(
                name: "cancelled_at",
                table: "orders",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "completed_at",
                table: "orders",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "confirmed_at",
                table: "orders",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "delivered_at",
                table: "orders",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "dispatched_at",
                table: "orders",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "processing_at",
                table: "orders",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ready_at",
                table: "orders",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "returned_at",
                table: "orders",
                type: "TEXT",
                nullable: true);
        }
    }
}
