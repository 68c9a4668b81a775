using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omniman.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "api_keys",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    prefix = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    secret_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    scopes = table.Column<string>(type: "TEXT", nullable: false),
                    channels = table.Column<string>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    last_used_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    revoked_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_api_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "channels",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    pricing_policy = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    edit_policy = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    display_order = table.Column<int>(type: "INTEGER", nullable: false),
                    is_active = table.Column<bool>(type: "INTEGER", nullable: false),
                    config = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_channels", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "directives",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    topic = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    payload = table.Column<string>(type: "TEXT", nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    available_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    last_error = table.Column<string>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    started_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    lease_expires_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_directives", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "idempotency_keys",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    scope = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    key = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    session_key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    response_status = table.Column<int>(type: "INTEGER", nullable: true),
                    response_body = table.Column<string>(type: "TEXT", nullable: true),
                    locked_until = table.Column<DateTime>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    expires_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_idempotency_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "orders",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    @ref = table.Column<string>(name: "ref", type: "TEXT", maxLength: 64, nullable: false),
                    channel_code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    session_key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    handle_type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    handle_ref = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    external_ref = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    total_q = table.Column<long>(type: "INTEGER", nullable: false),
                    snapshot = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    confirmed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    processing_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ready_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    dispatched_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    delivered_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    completed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    cancelled_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    returned_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_orders", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "products",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    sku = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    price_q = table.Column<long>(type: "INTEGER", nullable: false),
                    is_active = table.Column<bool>(type: "INTEGER", nullable: false),
                    channel_prices = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_products", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "promotions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    percent_off = table.Column<decimal>(type: "TEXT", precision: 28, scale: 10, nullable: true),
                    amount_off_q = table.Column<long>(type: "INTEGER", nullable: true),
                    skus = table.Column<string>(type: "TEXT", nullable: true),
                    min_subtotal_q = table.Column<long>(type: "INTEGER", nullable: true),
                    valid_from = table.Column<DateTime>(type: "TEXT", nullable: true),
                    valid_until = table.Column<DateTime>(type: "TEXT", nullable: true),
                    usage_limit = table.Column<int>(type: "INTEGER", nullable: true),
                    usage_count = table.Column<int>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_promotions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "sessions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    session_key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    channel_code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    handle_type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    handle_ref = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    state = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    pricing_policy = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    edit_policy = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    rev = table.Column<int>(type: "INTEGER", nullable: false),
                    items = table.Column<string>(type: "TEXT", nullable: false),
                    data = table.Column<string>(type: "TEXT", nullable: false),
                    pricing = table.Column<string>(type: "TEXT", nullable: false),
                    total_q = table.Column<long>(type: "INTEGER", nullable: false),
                    opened_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    committed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    abandoned_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sessions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "stock_holds",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    hold_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    sku = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    qty = table.Column<decimal>(type: "TEXT", precision: 28, scale: 10, nullable: false),
                    channel_code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    session_key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    expires_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    order_ref = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stock_holds", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "stock_levels",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    sku = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    on_hand = table.Column<decimal>(type: "TEXT", precision: 28, scale: 10, nullable: false),
                    alternatives = table.Column<string>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stock_levels", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "stock_movements",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    sku = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    delta = table.Column<decimal>(type: "TEXT", precision: 28, scale: 10, nullable: false),
                    on_hand_after = table.Column<decimal>(type: "TEXT", precision: 28, scale: 10, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    reference = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stock_movements", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "order_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    order_id = table.Column<long>(type: "INTEGER", nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    payload = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_order_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_order_events_orders_order_id",
                        column: x => x.order_id,
                        principalTable: "orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "order_items",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    order_id = table.Column<long>(type: "INTEGER", nullable: false),
                    line_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    sku = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    qty = table.Column<decimal>(type: "TEXT", precision: 28, scale: 10, nullable: false),
                    unit_price_q = table.Column<long>(type: "INTEGER", nullable: false),
                    line_total_q = table.Column<long>(type: "INTEGER", nullable: false),
                    meta = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_order_items", x => x.id);
                    table.ForeignKey(
                        name: "fk_order_items_orders_order_id",
                        column: x => x.order_id,
                        principalTable: "orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ux_api_keys_hash",
                table: "api_keys",
                column: "secret_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_channels_code",
                table: "channels",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_directives_due",
                table: "directives",
                columns: new[] { "status", "available_at" });

            migrationBuilder.CreateIndex(
                name: "ix_directives_running_lease",
                table: "directives",
                column: "lease_expires_at",
                filter: "status = 'running'");

            migrationBuilder.CreateIndex(
                name: "ix_directives_topic_list",
                table: "directives",
                columns: new[] { "topic", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_idempotency_expiry",
                table: "idempotency_keys",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ux_idempotency_scope_key",
                table: "idempotency_keys",
                columns: new[] { "scope", "key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_order_events_order_id",
                table: "order_events",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "ix_order_items_order_id",
                table: "order_items",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "ix_orders_created_list",
                table: "orders",
                columns: new[] { "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_orders_external_ref",
                table: "orders",
                column: "external_ref");

            migrationBuilder.CreateIndex(
                name: "ix_orders_handle_ref",
                table: "orders",
                column: "handle_ref");

            migrationBuilder.CreateIndex(
                name: "ix_orders_status_list",
                table: "orders",
                columns: new[] { "status", "id" });

            migrationBuilder.CreateIndex(
                name: "ux_orders_channel_session",
                table: "orders",
                columns: new[] { "channel_code", "session_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_orders_ref",
                table: "orders",
                column: "ref",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_products_sku",
                table: "products",
                column: "sku",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_promotions_code",
                table: "promotions",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sessions_key",
                table: "sessions",
                column: "session_key");

            migrationBuilder.CreateIndex(
                name: "ix_sessions_state_idle",
                table: "sessions",
                columns: new[] { "state", "updated_at" });

            migrationBuilder.CreateIndex(
                name: "ux_sessions_channel_key",
                table: "sessions",
                columns: new[] { "channel_code", "session_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_sessions_open_handle",
                table: "sessions",
                columns: new[] { "channel_code", "handle_type", "handle_ref" },
                unique: true,
                filter: "state = 'open' AND handle_type IS NOT NULL AND handle_ref IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_stock_holds_session",
                table: "stock_holds",
                columns: new[] { "channel_code", "session_key", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_stock_holds_sku_active",
                table: "stock_holds",
                columns: new[] { "sku", "status" });

            migrationBuilder.CreateIndex(
                name: "ux_stock_holds_hold_id",
                table: "stock_holds",
                column: "hold_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_stock_levels_sku",
                table: "stock_levels",
                column: "sku",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_stock_movements_sku",
                table: "stock_movements",
                columns: new[] { "sku", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "api_keys");

            migrationBuilder.DropTable(
                name: "channels");

            migrationBuilder.DropTable(
                name: "directives");

            migrationBuilder.DropTable(
                name: "idempotency_keys");

            migrationBuilder.DropTable(
                name: "order_events");

            migrationBuilder.DropTable(
                name: "order_items");

            migrationBuilder.DropTable(
                name: "products");

            migrationBuilder.DropTable(
                name: "promotions");

            migrationBuilder.DropTable(
                name: "sessions");

            migrationBuilder.DropTable(
                name: "stock_holds");

            migrationBuilder.DropTable(
                name: "stock_levels");

            migrationBuilder.DropTable(
                name: "stock_movements");

            migrationBuilder.DropTable(
                name: "orders");
        }
    }
}
