using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omniman.Marketplaces.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "marketplace_events",
                columns: table => new
                {
                    provider = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    event_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    full_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    order_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    merchant_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    occurred_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    received_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    processed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    payload = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_marketplace_events", x => new { x.provider, x.event_id });
                });

            migrationBuilder.CreateTable(
                name: "marketplace_orders",
                columns: table => new
                {
                    provider = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    order_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    merchant_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    order_ref = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    channel_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    display_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    confirm_by = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_marketplace_orders", x => new { x.provider, x.order_id });
                });

            migrationBuilder.CreateTable(
                name: "marketplace_tokens",
                columns: table => new
                {
                    provider = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    access_token = table.Column<string>(type: "text", nullable: false),
                    expires_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    issued_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_marketplace_tokens", x => x.provider);
                });

            migrationBuilder.CreateIndex(
                name: "ix_marketplace_events_order",
                table: "marketplace_events",
                columns: new[] { "provider", "order_id" });

            migrationBuilder.CreateIndex(
                name: "ix_marketplace_events_received",
                table: "marketplace_events",
                column: "received_at");

            migrationBuilder.CreateIndex(
                name: "ux_marketplace_orders_order",
                table: "marketplace_orders",
                column: "order_ref",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "marketplace_events");

            migrationBuilder.DropTable(
                name: "marketplace_orders");

            migrationBuilder.DropTable(
                name: "marketplace_tokens");
        }
    }
}
