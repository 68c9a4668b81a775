using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Omniman.Channels;
using Omniman.Common;
using Omniman.Pricing;
using Omniman.Sessions;
using Omniman.Sessions.Ops;

namespace Omniman.Tests;

/// <summary>Builders for the pure rules: a channel, a session, a pipeline, ops read from JSON as the wire sends them.</summary>
internal static class Given
{
    public static readonly DateTime Now = new(2025, 12, 18, 10, 0, 0, DateTimeKind.Utc);

    public static readonly IReadOnlyDictionary<string, long> NoPrices = new Dictionary<string, long>();

    public static Channel Channel(string pricingPolicy = PricingPolicies.Internal, string editPolicy = EditPolicies.Open,
        JsonObject? config = null, string code = "pos") =>
        Omniman.Channels.Channel.Create(new ChannelDefinition(code, "Test channel", pricingPolicy, editPolicy, null, null, config), Now);

    public static Channel ChannelWithConfig(string configJson) => Channel(config: Object(configJson));

    /// <summary>The kernel's own modifiers (line totals, promotions, totals) plus any given.</summary>
    public static ModifyPipeline Pipeline(IEnumerable<IModifier>? modifiers = null, IEnumerable<IValidator>? validators = null,
        OmnimanOptions? options = null) =>
        new([new LineTotalsModifier(), new DiscountModifier(), new TotalsModifier(), .. modifiers ?? []], validators ?? [],
            Options.Create(options ?? new OmnimanOptions()));

    /// <summary>What a modify knows from outside: backend prices by SKU (found in the catalog), or raw quotes.</summary>
    public static PricingInputs Inputs(IReadOnlyDictionary<string, long>? backendPrices = null, DateTime? at = null,
        IReadOnlyDictionary<string, PriceQuote>? quotes = null, ModifyActor? actor = null)
    {
        var all = new Dictionary<string, PriceQuote>(StringComparer.Ordinal);
        foreach (var (sku, price) in backendPrices ?? NoPrices) all[sku] = new PriceQuote(PriceQuoteStatus.Found, price, null, "catalog");
        foreach (var (sku, quote) in quotes ?? new Dictionary<string, PriceQuote>()) all[sku] = quote;
        return new PricingInputs(all, new Dictionary<string, PromotionTerms>(), actor ?? ModifyActor.System, at ?? Now);
    }

    public static Session Session(Channel? channel = null, string key = "SESS-TEST") =>
        Omniman.Sessions.Session.Open(channel ?? Channel(), key, null, null, Now);

    public static JsonObject Object(string json) => JsonNode.Parse(json)!.AsObject();

    public static SessionOp Op(string json, int index = 0) => SessionOp.Parse(JsonNode.Parse(json), index);

    /// <summary>Limits wide enough that the pipeline's own guards (overflow) are what a test meets.</summary>
    public static readonly LimitOptions Wide = new() { MaxUnitPriceQ = long.MaxValue, MaxQty = 1_000_000_000_000m };

    public static IReadOnlyList<SessionOp> Ops(string jsonArray) => SessionOp.ParseAll(JsonNode.Parse(jsonArray)!.AsArray(), Wide);

    /// <summary>Runs a modify with ops given as a JSON array, the way a request carries them.</summary>
    public static void Apply(this Session session, string opsJson, ModifyPipeline? pipeline = null, int? expectedRev = null,
        IReadOnlyDictionary<string, long>? backendPrices = null, DateTime? at = null, PricingInputs? inputs = null) =>
        session.Modify(Ops(opsJson), expectedRev, pipeline ?? Pipeline(), inputs ?? Inputs(backendPrices, at));

    /// <summary>Adds one internally priced line and returns its id.</summary>
    public static string AddLine(this Session session, string sku = "SKU-1", decimal qty = 1, long unitPriceQ = 1000,
        ModifyPipeline? pipeline = null)
    {
        var op = new JsonObject { ["op"] = "add_line", ["sku"] = sku, ["qty"] = qty, ["unit_price_q"] = unitPriceQ };
        session.Apply(new JsonArray(op).ToJsonString(), pipeline);
        return session.Items[^1].LineId;
    }

    /// <summary>A snapshot of everything a failed modify must leave alone.</summary>
    public static string State(this Session session) => JsonSerializer.Serialize(new
    {
        session.Rev, session.State, session.Items, session.Data, session.Pricing, session.TotalQ, session.UpdatedAt,
    }, Json.Options);
}

internal static class Rules
{
    /// <summary>Asserts the action breaks a rule with this code and returns the exception.</summary>
    public static OmnimanException Throws(string code, Action action)
    {
        var ex = Assert.Throws<OmnimanException>(action);
        Assert.Equal(code, ex.Code);
        return ex;
    }

    /// <summary>The error's context as the envelope would carry it.</summary>
    public static JsonObject Context(this OmnimanException ex) =>
        ex.Context is null ? [] : JsonSerializer.SerializeToNode(ex.Context, ex.Context.GetType(), Json.Options)!.AsObject();

    public static string? Text(this JsonNode? node, string name) => node?[name]?.GetValue<string>();

    public static int? Int(this JsonNode? node, string name) => node?[name]?.GetValue<int>();
}
