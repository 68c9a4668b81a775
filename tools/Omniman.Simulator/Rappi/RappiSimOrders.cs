using System.Globalization;
using System.Text.Json.Nodes;

namespace Omniman.Simulator.Rappi;

/// <summary>A Rappi order as <c>GET orders</c> lists it and the NEW_ORDER webhook sends it: <c>{order_detail, customer, store}</c>.</summary>
internal static class RappiSimOrders
{
    public static JsonObject Order(string orderId, string storeId, DateTimeOffset createdAt) => new()
    {
        ["order_detail"] = new JsonObject
        {
            ["order_id"] = orderId,
            ["cooking_time"] = 15,
            ["min_cooking_time"] = 10,
            ["max_cooking_time"] = 40,
            ["created_at"] = createdAt.ToString("O", CultureInfo.InvariantCulture),
            ["delivery_method"] = "delivery",
            ["delivery_operation_type"] = "marketplace",
            ["payment_method"] = "cc",
            ["delivery_information"] = new JsonObject
            {
                ["city"] = "Bogotá", ["complete_address"] = "Calle Simulada 10 # 20-30", ["neighborhood"] = "Chapinero",
            },
            ["totals"] = new JsonObject
            {
                ["total_products"] = 62.8, ["total_discounts"] = 0, ["total_order"] = 62.8,
                ["charges"] = new JsonObject { ["shipping"] = 5.0, ["service_fee"] = 0 },
            },
            ["items"] = new JsonArray(
                new JsonObject
                {
                    ["id"] = "9001", ["sku"] = "BURGER-X", ["name"] = "Hamburguesa X", ["type"] = "PRODUCT", ["price"] = 24.9, ["quantity"] = 2,
                    ["comments"] = "sin cebolla",
                    ["subitems"] = new JsonArray(new JsonObject { ["id"] = "9101", ["sku"] = "EXTRA-CHEESE", ["name"] = "Queso extra", ["price"] = 1.0, ["quantity"] = 1 }),
                },
                new JsonObject { ["id"] = "9002", ["name"] = "Limonada", ["type"] = "PRODUCT", ["price"] = 11.0, ["quantity"] = 1, ["subitems"] = new JsonArray() }),
        },
        ["customer"] = new JsonObject { ["first_name"] = "María", ["last_name"] = "Simulada", ["phone"] = "3000000000" },
        ["store"] = new JsonObject { ["internal_id"] = storeId, ["external_id"] = "store-ext-1", ["name"] = "Tienda Simulada" },
    };
}
