using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omniman.Postgres.Migrations
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
                type: "jsonb",
                nullable: false,
                defaultValue: "{}");

            // The fixed timestamp columns become one document of status → first time entered, their values kept.
            migrationBuilder.Sql("""UPDATE orders SET status_times = status_times || jsonb_build_object('confirmed', to_char(confirmed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')) WHERE confirmed_at IS NOT NULL;""");
            migrationBuilder.Sql("""UPDATE orders SET status_times = status_times || jsonb_build_object('processing', to_char(processing_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')) WHERE processing_at IS NOT NULL;""");
            migrationBuilder.Sql("""UPDATE orders SET status_times = status_times || jsonb_build_object('ready', to_char(ready_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')) WHERE ready_at IS NOT NULL;""");
            migrationBuilder.Sql("""UPDATE orders SET status_times = status_times || jsonb_build_object('dispatched', to_char(dispatched_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')) WHERE dispatched_at IS NOT NULL;""");
            migrationBuilder.Sql("""UPDATE orders SET status_times = status_times || jsonb_build_object('delivered', to_char(delivered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')) WHERE delivered_at IS NOT NULL;""");
            migrationBuilder.Sql("""UPDATE orders SET status_times = status_times || jsonb_build_object('completed', to_char(completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')) WHERE completed_at IS NOT NULL;""");
            migrationBuilder.Sql("""UPDATE orders SET status_times = status_times || jsonb_build_object('cancelled', to_char(cancelled_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')) WHERE cancelled_at IS NOT NULL;""");
            migrationBuilder.Sql("""UPDATE orders SET status_times = status_times || jsonb_build_object('returned', to_char(returned_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')) WHERE returned_at IS NOT NULL;""");

            migrationBuilder.DropColumn(
                name: "cancelled_at",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "completed_at",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "confirmed_at",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "delivered_at",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "dispatched_at",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "processing_at",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "ready_at",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "returned_at",
                table: "orders");


            migrationBuilder.AddColumn<string>(
                name: "correlation",
                table: "directives",
                type: "character varying(160)",
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
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "completed_at",
                table: "orders",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "confirmed_at",
                table: "orders",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "delivered_at",
                table: "orders",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "dispatched_at",
                table: "orders",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "processing_at",
                table: "orders",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ready_at",
                table: "orders",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "returned_at",
                table: "orders",
                type: "timestamp with time zone",
                nullable: true);
        }
    }
}
