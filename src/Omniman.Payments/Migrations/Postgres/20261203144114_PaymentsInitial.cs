using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omniman.Payments.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PaymentsInitial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "payment_notices",
                columns: table => new
                {
                    event_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    backend = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    received_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payment_notices", x => x.event_id);
                });

            migrationBuilder.CreateTable(
                name: "payment_refunds",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    payment_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    order_ref = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    amount_q = table.Column<long>(type: "bigint", nullable: false),
                    reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    gateway_refund_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payment_refunds", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "payments",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    backend = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    channel_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    session_key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    session_rev = table.Column<int>(type: "integer", nullable: false),
                    order_ref = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    amount_q = table.Column<long>(type: "bigint", nullable: false),
                    captured_q = table.Column<long>(type: "bigint", nullable: false),
                    refunded_q = table.Column<long>(type: "bigint", nullable: false),
                    transaction_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payments", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_payment_notices_received",
                table: "payment_notices",
                column: "received_at");

            migrationBuilder.CreateIndex(
                name: "ix_payment_refunds_order",
                table: "payment_refunds",
                column: "order_ref");

            migrationBuilder.CreateIndex(
                name: "ix_payment_refunds_payment",
                table: "payment_refunds",
                column: "payment_id");

            migrationBuilder.CreateIndex(
                name: "ix_payments_order",
                table: "payments",
                column: "order_ref");

            migrationBuilder.CreateIndex(
                name: "ix_payments_session",
                table: "payments",
                columns: new[] { "channel_code", "session_key" });

            migrationBuilder.CreateIndex(
                name: "ux_payments_transaction",
                table: "payments",
                columns: new[] { "backend", "transaction_id" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "payment_notices");

            migrationBuilder.DropTable(
                name: "payment_refunds");

            migrationBuilder.DropTable(
                name: "payments");
        }
    }
}
