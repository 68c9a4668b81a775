using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Access;

/// <summary>
/// Random scripts of modifies (valid and invalid ops mixed, hostile values, line ids that exist and
/// ones that do not) and commit attempts against fresh sessions, over HTTP (issue 5). After every
/// answer: no 5xx; every 4xx is the envelope with a code; the rev moves by one per accepted modify
/// and not at all on a refused one; totals add up; once committed, nothing changes again.
/// </summary>
public abstract class SessionPropertyTests(OmnimanApp app) : IDisposable
{
    /// <summary>Scripts per run: enough to mix every op with every kind of value, bounded to seconds.</summary>
    private const int Iterations = 300;

    private const string PromoPlaceholder = "{PROMO}";

    private readonly ApiClient _admin = app.Admin();

    public void Dispose()
    {
        _admin.Dispose();
        GC.SuppressFinalize(this);
    }

    // ---- the script --------------------------------------------------------------------------

    /// <summary>One field of an op: JSON text as sent, or the n-th current line's id (modulo the line count).</summary>
    public sealed record Field(string Name, string? Literal, int? LineIndex)
    {
        public string Render(IReadOnlyList<string> lineIds, string promo) =>
            $"{J(Name)}: {(LineIndex is { } i ? J(lineIds.Count == 0 ? "L-NONE" : lineIds[i % lineIds.Count]) : Literal!.Replace(PromoPlaceholder, promo, StringComparison.Ordinal))}";

        public override string ToString() => $"{Name}: {(LineIndex is { } i ? $"<line {i}>" : Literal)}";
    }

    public sealed record Op(IReadOnlyList<Field> Fields)
    {
        public string Render(IReadOnlyList<string> lineIds, string promo) => "{" + string.Join(", ", Fields.Select(f => f.Render(lineIds, promo))) + "}";

        public override string ToString() => "{" + string.Join(", ", Fields) + "}";
    }

    public enum RevMode { None, Current, Stale }

    public enum KeyMode { None, Fresh, Reuse }

    public abstract record Step;

    public sealed record Modify(IReadOnlyList<Op> Ops, RevMode Rev) : Step
    {
        public override string ToString() => $"modify[{Rev}] " + string.Join(" ", Ops);
    }

    public sealed record Commit(KeyMode Key) : Step
    {
        public override string ToString() => $"commit[{Key}]";
    }

    public sealed record Script(IReadOnlyList<Step> Steps)
    {
        public override string ToString() => string.Join("\n", Steps);
    }

    private static string J(string text) => JsonSerializer.Serialize(text);

    // ---- generators --------------------------------------------------------------------------

    private static readonly string[] HostileText =
    [
        J(""), J(" "), J("'; DROP TABLE sessions;--"), J("{\"$where\":1}"), J("\u202Eevil"), J("a\u0000b"), "\"\\ud800\"",
        J("NaN"), J(new string('s', 65)), "42", "null", "[]", "{}",
    ];

    private static readonly Gen<string> Sku = Gen.Frequency(
        (8, Gen.OneOf(J("A"), J("B"), J("C"))),
        (1, Gen.OneOf(HostileText)));

    private static readonly Gen<string> Qty = Gen.Frequency(
        (8, Gen.Int[1, 5000].Select(n => (n / 100m).ToString(CultureInfo.InvariantCulture))),
        (1, Gen.Int[1, 9].Select(n => "0.000000000" + n.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.Int[1, 999].Select(n => "1." + n.ToString("000", CultureInfo.InvariantCulture) + "5")),
        (2, Gen.OneOf("0", "-1", "-0", "1e400", "99999999999999999999", "1000001", "0.00000000001", "1e-400", "\"2\"", "\"NaN\"", "null", "true", "{}")));

    private static readonly Gen<string> Price = Gen.Frequency(
        (8, Gen.Long[0, 100_000].Select(n => n.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.OneOf("-1", "1.5", "1000000000001", "1e400", "99999999999999999999", "\"100\"", "null", "[]")));

    private static Gen<Field> LineRef(string name) => Gen.Frequency(
        (6, Gen.Int[0, 20].Select(i => new Field(name, null, i))),
        (1, Gen.OneOf(J("L-NOTHERE"), J(""), J("'; DROP TABLE sessions;--"), "\"\\udfff\"", "7", "null").Select(l => new Field(name, l, null))));

    private static readonly Gen<string> DataPath = Gen.OneOf(
        J("note"), J("customer.name"), J("coupon"), J("coupon.code"), J("a.b.c.d.e"), J("a.b.c.d.e.f"), J("checks"), J("__secret"),
        J(""), J("x..y"), J(new string('p', 129)), J("note.deeper"), "5", "null");

    private static readonly Gen<string> DataValue = Gen.Frequency(
        (4, Gen.OneOf(HostileText)),
        (2, Gen.Int[-1000, 1000].Select(n => n.ToString(CultureInfo.InvariantCulture))),
        (2, Gen.OneOf($$"""{"code": {{J(PromoPlaceholder)}}}""", J(PromoPlaceholder), """{"code": "NOPE"}""", """{"code": 5}""")),
        (1, Gen.OneOf("1e400", "99999999999999999999", """{"a": {"b": [1, {"c": null}]}}""",
            string.Concat(Enumerable.Repeat("[", 12)) + string.Concat(Enumerable.Repeat("]", 12)))));

    private static Field F(string name, string literal) => new(name, literal, null);

    private static readonly Gen<Op> AddLine =
        Gen.Select(Sku, Qty, Price, Gen.Int[0, 9], Gen.OneOf(HostileText), (sku, qty, price, shape, name) => new Op(
        [
            F("op", J("add_line")), F("sku", sku), F("qty", qty),
            .. shape == 0 ? Array.Empty<Field>() : [F("unit_price_q", price)],
            .. shape == 1 ? [F("name", name)] : Array.Empty<Field>(),
            .. shape == 2 ? [F("meta", """{"k": "v", "n": [1, 2]}""")] : Array.Empty<Field>(),
        ]));

    private static readonly Gen<Op> SetQty = Gen.Select(LineRef("line_id"), Qty, (line, qty) => new Op([F("op", J("set_qty")), line, F("qty", qty)]));

    private static readonly Gen<Op> RemoveLine = LineRef("line_id").Select(line => new Op([F("op", J("remove_line")), line]));

    private static readonly Gen<Op> ReplaceSku = Gen.Select(LineRef("line_id"), Sku, Price, Gen.Bool, (line, sku, price, withPrice) => new Op(
        [F("op", J("replace_sku")), line, F("sku", sku), .. withPrice ? [F("unit_price_q", price)] : Array.Empty<Field>()]));

    private static readonly Gen<Op> MergeLines = Gen.Select(LineRef("from_line_id"), LineRef("into_line_id"),
        (from, into) => new Op([F("op", J("merge_lines")), from, into]));

    private static readonly Gen<Op> SetData = Gen.Select(DataPath, DataValue, (path, value) => new Op([F("op", J("set_data")), F("path", path), F("value", value)]));

    private static readonly Gen<Op> Bogus = Gen.OneOf(
        new Op([F("op", J("explode"))]), new Op([F("op", "42")]), new Op([F("sku", J("A")), F("qty", "1")]), new Op([F("op", "null")]));

    private static readonly Gen<Op> AnyOp = Gen.Frequency(
        (5, AddLine), (3, SetQty), (2, RemoveLine), (2, ReplaceSku), (2, MergeLines), (3, SetData), (1, Bogus));

    private static readonly Gen<Step> ModifyStep = Gen.Select(AnyOp.List[0, 4], Gen.Frequency((6, Gen.Const(RevMode.None)), (2, Gen.Const(RevMode.Current)), (1, Gen.Const(RevMode.Stale))),
        (ops, rev) => (Step)new Modify(ops, rev));

    private static readonly Gen<Step> CommitStep = Gen.OneOf(Gen.Const(KeyMode.None), Gen.Const(KeyMode.Fresh), Gen.Const(KeyMode.Reuse))
        .Select(key => (Step)new Commit(key));

    private static readonly Gen<Script> Scripts = Gen.Frequency((5, ModifyStep), (2, CommitStep)).List[1, 8].Select(steps => new Script(steps));

    // ---- the run -----------------------------------------------------------------------------

    /// <summary>What the script learnt so far about its session.</summary>
    private sealed class Run(string channel, string key, string promo)
    {
        public string Channel => channel;
        public string Key => key;
        public string Promo => promo;
        public JsonNode State { get; set; } = null!;
        public JsonNode? Committed { get; set; }
        public string? CommittedOrder { get; set; }
        public string? CommittedWith { get; set; }
        public string? LastKey { get; set; }
        public List<string> Log { get; } = [];

        public IReadOnlyList<string> LineIds => [.. State.Array("items").Select(i => i.Get<string>("line_id"))];
    }

    private string? _channel;
    private string? _promo;

    private async Task<(string Channel, string Promo)> WorldAsync()
    {
        if (_channel is not null) return (_channel, _promo!);
        _channel = await _admin.CreateChannelAsync("prop");
        _promo = $"PROP{Guid.NewGuid():N}"[..12].ToUpperInvariant();
        (await _admin.PostAsync("/api/promotions", new JsonObject { ["code"] = _promo, ["percent_off"] = 10 })).Expect(HttpStatusCode.Created);
        return (_channel, _promo);
    }

    private async Task<JsonNode> ReadAsync(Run run) =>
        (await _admin.GetAsync($"/api/sessions/{run.Key}?channel_code={run.Channel}")).Expect(HttpStatusCode.OK).Json;

    private static void Fail(Run run, string what) =>
        throw new Xunit.Sdk.XunitException($"{what}\n--- steps so far ---\n{string.Join("\n", run.Log)}");

    /// <summary>No 5xx; a 4xx is the envelope with a non-empty code and message.</summary>
    private static void AssertAnswer(Run run, ApiResponse response, string what)
    {
        var status = (int)response.Status;
        if (status >= 500) Fail(run, $"{what}: {status} {response.Raw}");
        if (status is < 200 or >= 300 and < 400) Fail(run, $"{what}: unexpected {status} {response.Raw}");
        if (status >= 400)
        {
            var error = response.Body?["error"];
            if (string.IsNullOrEmpty(response.ErrorCode) || string.IsNullOrWhiteSpace(error?["message"]?.GetValue<string>()) || error?["context"] is not JsonObject)
                Fail(run, $"{what}: {status} without the envelope: {response.Raw}");
        }
    }

    /// <summary>total_q = Σ line_total_q − discount + fees, and each line_total_q = round_half_even(qty × unit_price_q).</summary>
    private static void AssertTotals(Run run, JsonNode session)
    {
        var pricing = session["pricing"]!;
        var lines = session.Array("items");
        foreach (var line in lines)
        {
            var expected = decimal.Round(line.Get<decimal>("qty") * line.Get<long>("unit_price_q"), 0, MidpointRounding.ToEven);
            if (line.Get<long>("line_total_q") != expected)
                Fail(run, $"line {line.ToJsonString()}: line_total_q should be {expected}");
            if (line.Get<decimal>("qty") <= 0) Fail(run, $"line {line.ToJsonString()}: qty is not positive");
        }
        var sum = lines.Sum(l => l.Get<long>("line_total_q"));
        var discount = pricing["discount_q"]?.GetValue<long>() ?? 0;
        var fees = pricing["fees_q"]?.GetValue<long>() ?? 0;
        if (pricing.Get<long>("subtotal_q") != sum) Fail(run, $"subtotal_q {pricing["subtotal_q"]} ≠ Σ line_total_q {sum}");
        if (session.Get<long>("total_q") != sum - discount + fees)
            Fail(run, $"total_q {session["total_q"]} ≠ {sum} − {discount} + {fees}");
        if (pricing.Get<long>("total_q") != session.Get<long>("total_q")) Fail(run, $"pricing.total_q {pricing["total_q"]} ≠ total_q {session["total_q"]}");
        if (discount < 0 || discount > sum) Fail(run, $"discount_q {discount} outside 0..{sum}");
    }

    private static bool SameSession(JsonNode a, JsonNode b) =>
        a.Get<int>("rev") == b.Get<int>("rev") && a.Get<string>("state") == b.Get<string>("state")
        && JsonNode.DeepEquals(a["items"], b["items"]) && JsonNode.DeepEquals(a["data"], b["data"])
        && JsonNode.DeepEquals(a["pricing"], b["pricing"]) && a.Get<long>("total_q") == b.Get<long>("total_q");

    private async Task ModifyAsync(Run run, Modify step)
    {
        var before = run.State;
        var ops = "[" + string.Join(", ", step.Ops.Select(o => o.Render(run.LineIds, run.Promo))) + "]";
        var rev = step.Rev switch
        {
            RevMode.Current => before.Get<int>("rev").ToString(CultureInfo.InvariantCulture),
            RevMode.Stale => (before.Get<int>("rev") - 1).ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
        var body = $$"""{"channel_code": {{J(run.Channel)}}, "ops": {{ops}}{{(rev is null ? "" : $", \"expected_rev\": {rev}")}}}""";
        var response = await _admin.PostRawAsync($"/api/sessions/{run.Key}/modify", body);
        run.Log.Add($"modify {body} → {(int)response.Status} {response.ErrorCode}");
        AssertAnswer(run, response, "modify");
        var after = await ReadAsync(run);

        if (run.Committed is not null)
        {
            // A malformed request may be refused as such before the session is looked at; anything else is already_committed.
            if (!(response.ErrorCode == "already_committed" && response.Status == HttpStatusCode.Conflict)
                && !(response.Status == HttpStatusCode.BadRequest && ParseErrors.Contains(response.ErrorCode!)))
                Fail(run, $"modify of a committed session answered {(int)response.Status} {response.Raw}");
        }
        else if (step.Rev == RevMode.Stale && response.Status == HttpStatusCode.OK)
        {
            Fail(run, "a modify with a stale expected_rev was accepted");
        }
        else if (step.Rev == RevMode.Stale && step.Ops.Count > 0 && response.ErrorCode != "stale_rev" && response.Status == HttpStatusCode.Conflict)
        {
            Fail(run, $"a stale expected_rev answered {response.ErrorCode}");
        }

        if (response.Status == HttpStatusCode.OK)
        {
            if (after.Get<int>("rev") != before.Get<int>("rev") + 1)
                Fail(run, $"accepted modify moved rev {before["rev"]} → {after["rev"]}");
            if (!SameSession(response.Json, after)) Fail(run, $"the modify answer {response.Raw} is not the stored session {after.ToJsonString()}");
        }
        else if (!SameSession(before, after))
        {
            Fail(run, $"refused modify ({response.ErrorCode}) changed the session: {before.ToJsonString()} → {after.ToJsonString()}");
        }
        AssertTotals(run, after);
        run.State = after;
    }

    private async Task CommitAsync(Run run, Commit step)
    {
        var key = step.Key switch
        {
            KeyMode.Fresh => $"prop-{Guid.NewGuid():N}",
            KeyMode.Reuse => run.LastKey ?? $"prop-{Guid.NewGuid():N}",
            _ => null,
        };
        if (key is not null) run.LastKey = key;
        var before = run.State;
        var response = await _admin.CommitAsync(run.Channel, run.Key, key);
        run.Log.Add($"commit key={key ?? "(none)"} → {(int)response.Status} {response.ErrorCode} {response.Body?["order_ref"]}");
        AssertAnswer(run, response, "commit");
        var after = await ReadAsync(run);

        if (response.Status == HttpStatusCode.Created)
        {
            if (run.Committed is not null) Fail(run, $"a second order {response.Raw} for a committed session");
            if (after.Get<string>("state") != "committed") Fail(run, $"committed but the session is {after["state"]}");
            if (before.Array("items").Count == 0) Fail(run, "an empty session was committed");
            if (response.Json.Get<long>("total_q") != before.Get<long>("total_q")
                || response.Json.Get<int>("items_count") != before.Array("items").Count)
                Fail(run, $"the order {response.Raw} does not match the session {before.ToJsonString()}");
            var order = (await _admin.GetAsync($"/api/orders/{response.Json.Get<string>("order_ref")}")).Expect(HttpStatusCode.OK).Json;
            if (order.Get<long>("total_q") != before.Get<long>("total_q")) Fail(run, $"order total {order["total_q"]} ≠ session total {before["total_q"]}");
            run.Committed = after;
            run.CommittedOrder = response.Json.Get<string>("order_ref");
            run.CommittedWith = key;
        }
        else if (response.Status == HttpStatusCode.OK)
        {
            if (run.CommittedOrder is null || key is null || key != run.CommittedWith || response.Json.Get<string>("order_ref") != run.CommittedOrder)
                Fail(run, $"commit answered 200 {response.Raw}, which is no replay of {run.CommittedOrder} under {run.CommittedWith}");
        }
        else
        {
            if (run.Committed is not null && response.ErrorCode != "already_committed")
                Fail(run, $"commit of a committed session answered {(int)response.Status} {response.Raw}");
            if (run.Committed is null && before.Array("items").Count == 0 && response.ErrorCode != "empty_session")
                Fail(run, $"commit of an empty session answered {(int)response.Status} {response.Raw}");
            if (!SameSession(before, after)) Fail(run, $"refused commit changed the session: {after.ToJsonString()}");
        }
        if (run.Committed is not null && !SameSession(run.Committed, after)) Fail(run, $"the committed session changed: {after.ToJsonString()}");
        run.State = after;
    }

    /// <summary>Answers a modify may give before it looks at the session: the request itself is malformed.</summary>
    private static readonly HashSet<string> ParseErrors =
        ["validation_error", "missing_field", "unsupported_op", "invalid_qty", "missing_sku", "invalid_path"];

    private async Task RunAsync(Script script, HashSet<string> outcomes)
    {
        var (channel, promo) = await WorldAsync();
        var opened = await _admin.OpenSessionAsync(channel);
        var run = new Run(channel, opened.Get<string>("session_key"), promo) { State = opened };
        foreach (var step in script.Steps)
        {
            if (step is Modify modify) await ModifyAsync(run, modify);
            else await CommitAsync(run, (Commit)step);
            if (run.Committed is not null && !SameSession(run.Committed, run.State)) Fail(run, "the committed session changed");
        }
        foreach (var entry in run.Log) outcomes.Add(string.Join(' ', entry.Split(" → ")[^1].Split(' ').Take(2)).Trim());
    }

    [Fact]
    public async Task Sessions_KeepTheirInvariants_UnderRandomOpsAndCommits()
    {
        var outcomes = new HashSet<string>();

        await Scripts.SampleAsync(script => RunAsync(script, outcomes), iter: Iterations, threads: 1, print: s => s.ToString());

        // The property means little if the scripts never commit, never get refused, never go stale.
        Assert.Contains("200", outcomes);
        Assert.Contains("201", outcomes);
        Assert.Contains(outcomes, o => o.StartsWith("400 ", StringComparison.Ordinal));
        Assert.Contains("409 already_committed", outcomes);
        Assert.Contains("409 stale_rev", outcomes);
        Assert.Contains("409 empty_session", outcomes);
    }
}

public sealed class SqliteSessionPropertyTests(SqliteApp app) : SessionPropertyTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresSessionPropertyTests(PostgresApp app) : SessionPropertyTests(app), IClassFixture<PostgresApp>;
