using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using Omniman;
using Omniman.Channels;
using Omniman.Common;
using Omniman.Pricing;
using Omniman.Sessions;
using Omniman.Sessions.Ops;

namespace Omniman.Micro;

/// <summary>The pure hot path of a modify on a 50-line session: parse ops, apply, price, total; and its JSON.</summary>
[MemoryDiagnoser]
public class SessionBenchmarks
{
    private static readonly DateTime Now = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly ModifyPipeline _pipeline = new([new LineTotalsModifier(), new DiscountModifier(), new TotalsModifier()], [],
        Options.Create(new OmnimanOptions()));
    private Channel _channel = null!;
    private Session _session = null!;
    private JsonArray _oneOp = null!;
    private string _itemsJson = "";

    [GlobalSetup]
    public void Setup()
    {
        _channel = Channel.Create(new ChannelDefinition("pos", "POS", PricingPolicies.Internal, EditPolicies.Open, null, null, null), Now);
        _session = FiftyLines();
        _oneOp = new JsonArray(new JsonObject { ["op"] = "set_data", ["path"] = "customer.note", ["value"] = "hello" });
        _itemsJson = Json.Serialize(_session.Items);
    }

    private Session FiftyLines()
    {
        var session = Session.Open(_channel, "SESS-BENCH", null, null, Now);
        var ops = new JsonArray();
        for (var i = 0; i < 50; i++)
            ops.Add(new JsonObject { ["op"] = "add_line", ["sku"] = $"SKU-{i}", ["qty"] = 1.5m + i, ["unit_price_q"] = 333 + i, ["name"] = $"Product {i}" });
        session.Modify(SessionOp.ParseAll(ops), null, _pipeline, PricingInputs.Empty(Now));
        return session;
    }

    [Benchmark(Description = "parse + apply one op on a 50-line session (modifiers and totals included)")]
    public int ModifyOneOp()
    {
        _session.Modify(SessionOp.ParseAll(_oneOp), null, _pipeline, PricingInputs.Empty(Now));
        return _session.Rev;
    }

    [Benchmark(Description = "line totals and totals of 50 lines")]
    public long Totals()
    {
        var draft = new SessionDraft(_session, PricingInputs.Empty(Now), () => "L-X");
        new LineTotalsModifier().Apply(draft);
        new TotalsModifier().Apply(draft);
        return draft.TotalQ;
    }

    [Benchmark(Description = "serialize the items of a 50-line session")]
    public int SerializeItems() => Json.Serialize(_session.Items).Length;

    [Benchmark(Description = "deserialize the items of a 50-line session")]
    public int DeserializeItems() => Json.Deserialize<List<SessionLine>>(_itemsJson).Count;
}
