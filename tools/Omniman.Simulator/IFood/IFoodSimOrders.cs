using System.Globalization;
using System.Text.Json.Nodes;

namespace Omniman.Simulator.IFood;

/// <summary>Builds order details shaped as iFood's <c>GET /order/v1.0/orders/{id}</c> answers them.</summary>
public static class IFoodSimOrders
{
    /// <summary>One line for <see cref="Order"/>: the price in reais, as iFood sends it.</summary>
    public sealed record Item(string Name, string? ExternalCode, int Quantity, decimal UnitPrice, string? Observations = null);

    public static readonly IReadOnlyList<Item> DefaultItems =
    [
        new("X-Burger", "BURGER-X", 2, 25.90m, "sem cebola"),
        new("Refrigerante lata", "SODA-350", 1, 6.50m),
    ];

    public static JsonObject Order(string id, string displayId, string merchantId, IReadOnlyList<Item> items, DateTimeOffset createdAt)
    {
        var itemsJson = new JsonArray();
        decimal subTotal = 0;
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var total = item.UnitPrice * item.Quantity;
            subTotal += total;
            itemsJson.Add(new JsonObject
            {
                ["index"] = i + 1,
                ["id"] = Guid.NewGuid().ToString(),
                ["name"] = item.Name,
                ["externalCode"] = item.ExternalCode,
                ["unit"] = "UN",
                ["quantity"] = item.Quantity,
                ["unitPrice"] = item.UnitPrice,
                ["price"] = total,
                ["optionsPrice"] = 0,
                ["totalPrice"] = total,
                ["observations"] = item.Observations,
                ["options"] = new JsonArray(),
            });
        }
        const decimal deliveryFee = 5.99m;
        return new JsonObject
        {
            ["id"] = id,
            ["displayId"] = displayId,
            ["orderType"] = "DELIVERY",
            ["orderTiming"] = "IMMEDIATE",
            ["salesChannel"] = "IFOOD",
            ["category"] = "FOOD",
            ["createdAt"] = createdAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["isTest"] = true,
            ["merchant"] = new JsonObject { ["id"] = merchantId, ["name"] = "Simulated store" },
            ["customer"] = new JsonObject
            {
                ["id"] = Guid.NewGuid().ToString(),
                ["name"] = "Maria Simulada",
                ["phone"] = new JsonObject { ["number"] = "0800 000 0000", ["localizer"] = "12345678" },
                ["ordersCountOnMerchant"] = 3,
            },
            ["items"] = itemsJson,
            ["benefits"] = new JsonArray(),
            ["additionalFees"] = new JsonArray(),
            ["total"] = new JsonObject
            {
                ["subTotal"] = subTotal, ["deliveryFee"] = deliveryFee, ["benefits"] = 0, ["additionalFees"] = 0,
                ["orderAmount"] = subTotal + deliveryFee,
            },
            ["payments"] = new JsonObject
            {
                ["prepaid"] = subTotal + deliveryFee,
                ["pending"] = 0,
                ["methods"] = new JsonArray(new JsonObject
                {
                    ["method"] = "CREDIT", ["type"] = "ONLINE", ["prepaid"] = true, ["currency"] = "BRL",
                    ["value"] = subTotal + deliveryFee, ["card"] = new JsonObject { ["brand"] = "VISA" },
                }),
            },
            ["delivery"] = new JsonObject
            {
                ["mode"] = "DEFAULT",
                ["deliveredBy"] = "IFOOD",
                ["deliveryDateTime"] = createdAt.AddMinutes(45).UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                ["deliveryAddress"] = new JsonObject
                {
                    ["streetName"] = "Rua Simulada", ["streetNumber"] = "100", ["neighborhood"] = "Centro",
                    ["city"] = "São Paulo", ["state"] = "SP", ["country"] = "BR", ["postalCode"] = "01000-000",
                    ["formattedAddress"] = "Rua Simulada, 100",
                },
            },
        };
    }
}
