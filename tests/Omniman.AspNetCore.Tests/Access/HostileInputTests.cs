using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Access;

/// <summary>
/// Hostile values in every field of open, modify, commit and transition (issue 5): each answer is
/// a clear 4xx in the envelope, or the value is stored verbatim and reads back so; never a 5xx.
/// Each test walks every field × value pair and reports all that went wrong at once.
/// </summary>
public abstract class HostileInputTests(OmnimanApp app) : IDisposable
{
    private readonly ApiClient _admin = app.Admin();

    public void Dispose()
    {
        _admin.Dispose();
        GC.SuppressFinalize(this);
    }

    private static string J(string text) => JsonSerializer.Serialize(text);

    /// <summary>Valid JSON that no field expects, or expects only at its edges.</summary>
    public static readonly string[] Values =
    [
        "null", "true", "false", "0", "-1", "-0", "1.5", "1e400", "-1e400", "1e-400", "99999999999999999999",
        "-99999999999999999999", "12345678901234567890.12345678901234567890",
        J("NaN"), J("Infinity"), J("-Infinity"), J(""), J(" "), J("1"),
        J("'; DROP TABLE sessions;--"), J("\" OR 1=1 --"), J("{\"$where\":1}"), """{"$where": 1}""", """{"$gt": ""}""",
        "[]", "{}", "[1, 2]", """[{"op": "add_line"}]""",
        J("\u0000"), J("a\u0000b"), J("\u202Eevil\u202C"), J("\u200B\uFEFF"), J("\u0001\u001F\u007F\u0085"), J("line\r\nbreak\ttab"),
        "\"\\ud800\"", "\"x\\udfffy\"", """{"\ud800": 1}""",
        J("𝄞 ☃ 🍕 ﷽"), J("<script>alert(1)</script>"), J("${jndi:ldap://x/a}"), J("../../etc/passwd"), J("%00%2e%2e"),
        J(new string('w', 300)), J(string.Concat(Enumerable.Repeat("😀", 100))),
    ];

    /// <summary>Text that is not JSON at all, put where a value goes.</summary>
    public static readonly string[] NotJson = ["NaN", "Infinity", "-Infinity", "undefined", "'x'", "0x10", "01", ".5", "+1", "1.", "[1,]", "{\"a\":1,}"];

    /// <summary>Collects everything that went wrong, so one run shows every failing field and value.</summary>
    private sealed class Findings
    {
        private readonly List<string> _items = [];

        public void Add(string what) => _items.Add(what);

        /// <summary>No 5xx, and every 4xx is the envelope with a code and a message and nothing internal.</summary>
        public bool Sane(ApiResponse response, string what)
        {
            var status = (int)response.Status;
            if (status >= 500)
            {
                Add($"{what}: {status} {Short(response.Raw)}" + (response.ServerLog is { } log ? "\n" + log : ""));
                return false;
            }
            if (status >= 400)
            {
                var error = response.Body?["error"];
                if (string.IsNullOrEmpty(response.ErrorCode) || string.IsNullOrWhiteSpace(error?["message"]?.GetValue<string>())
                    || error?["context"] is not JsonObject)
                    Add($"{what}: {status} without the envelope: {Short(response.Raw)}");
                foreach (var leak in new[] { "   at ", "Exception", ".cs:line", "Npgsql", "SqliteException" })
                {
                    if (response.Raw.Contains(leak, StringComparison.Ordinal)) Add($"{what}: {status} leaks '{leak}': {Short(response.Raw)}");
                }
            }
            return true;
        }

        public void AssertNone() => Assert.True(_items.Count == 0, $"{_items.Count} problems:\n" + string.Join("\n", _items));

        public static string Short(string text) => text.Length > 300 ? text[..300] + "…" : text;
    }

    /// <summary>Whether a stored value is the sent one: strings to the character, numbers by value, containers in full.</summary>
    private static bool Same(JsonNode? sent, JsonNode? stored)
    {
        switch (sent, stored)
        {
            case (null, null):
                return true;
            case (JsonObject a, JsonObject b):
                return a.Count == b.Count && a.All(p => b.ContainsKey(p.Key) && Same(p.Value, b[p.Key]));
            case (JsonArray a, JsonArray b):
                return a.Count == b.Count && a.Zip(b).All(p => Same(p.First, p.Second));
            case (JsonValue a, JsonValue b) when a.GetValueKind() == JsonValueKind.Number && b.GetValueKind() == JsonValueKind.Number:
                var x = a.ToJsonString();
                var y = b.ToJsonString();
                return decimal.TryParse(x, NumberStyles.Float, CultureInfo.InvariantCulture, out var dx)
                    && decimal.TryParse(y, NumberStyles.Float, CultureInfo.InvariantCulture, out var dy)
                    ? dx == dy
                    : double.Parse(x, CultureInfo.InvariantCulture).Equals(double.Parse(y, CultureInfo.InvariantCulture));
            case (JsonValue a, JsonValue b) when a.GetValueKind() == JsonValueKind.String && b.GetValueKind() == JsonValueKind.String:
                return string.Equals(Text(a), Text(b), StringComparison.Ordinal);
            case (JsonValue a, JsonValue b):
                return a.GetValueKind() == b.GetValueKind() && a.ToJsonString() == b.ToJsonString();
            default:
                return false;
        }
    }

    private static JsonNode? Parse(string literal) => JsonNode.Parse(literal);

    /// <summary>A string's text; one holding a lone surrogate is not text .NET reads, so it compares by its escaped form.</summary>
    private static string Text(JsonValue value)
    {
        try
        {
            return value.GetValue<string>();
        }
        catch (InvalidOperationException)
        {
            return "invalid-utf16:" + value.GetValue<JsonElement>().GetRawText().ToUpperInvariant();
        }
    }

    private static string? StringOf(string literal) => Parse(literal) is JsonValue v && v.GetValueKind() == JsonValueKind.String ? Text(v) : null;

    private static string Obj(IEnumerable<(string Name, string Literal)> fields) =>
        "{" + string.Join(", ", fields.Select(f => $"{J(f.Name)}: {f.Literal}")) + "}";

    private static IEnumerable<(string Name, string Literal)> With(IEnumerable<(string Name, string Literal)> fields, string name, string literal) =>
        fields.Select(f => f.Name == name ? (f.Name, literal) : f);

    private async Task<JsonNode> SessionAsync(string channel, string key) =>
        (await _admin.GetAsync($"/api/sessions/{Uri.EscapeDataString(key)}?channel_code={channel}")).Expect(HttpStatusCode.OK).Json;

    [Fact]
    public async Task OpenSession_IsRefusedOrStoredVerbatim_ForHostileValuesInEveryField()
    {
        var channel = await _admin.CreateChannelAsync("hopen");
        var findings = new Findings();
        string[] fields = ["channel_code", "session_key", "handle_type", "handle_ref"];

        foreach (var field in fields)
        {
            foreach (var literal in Values.Concat(NotJson))
            {
                var unique = Guid.NewGuid().ToString("N")[..10];
                var body = Obj(With([("channel_code", J(channel)), ("session_key", J($"HK-{unique}")), ("handle_type", J("table")),
                    ("handle_ref", J($"ref-{unique}"))], field, literal));
                var what = $"open {field}={Findings.Short(literal)}";
                var response = await _admin.PostRawAsync("/api/sessions", body);
                if (!findings.Sane(response, what) || (int)response.Status >= 400) continue;
                if (field == "channel_code")
                {
                    findings.Add($"{what}: opened a session in channel '{response.Json["channel_code"]}'");
                    continue;
                }

                var location = response.Headers.Location?.ToString();
                ApiResponse? read;
                try
                {
                    read = location is null ? null : await _admin.GetAsync(location);
                }
                catch (InvalidOperationException ex)
                {
                    findings.Add($"{what}: created at '{location}', a URL no client can request ({ex.Message})");
                    continue;
                }
                if (read?.Status != HttpStatusCode.OK)
                {
                    findings.Add($"{what}: created at '{location}', which answers {(int?)read?.Status} {Findings.Short(read?.Raw ?? "")}");
                    continue;
                }
                if (StringOf(literal) is { Length: > 0 } && !Same(Parse(literal), read.Json[field]))
                    findings.Add($"{what}: stored as {read.Json[field]?.ToJsonString()}");
            }
        }

        findings.AssertNone();
    }

    /// <summary>The base op of each kind, naming the current lines; hostile values go in one field at a time.</summary>
    private static (string Name, string Literal)[] BaseOp(string kind, string first, string second) => kind switch
    {
        "add_line" => [("op", J(kind)), ("sku", J("HOSTILE")), ("qty", "1"), ("unit_price_q", "100"), ("name", J("name")), ("meta", "{}")],
        "set_qty" => [("op", J(kind)), ("line_id", J(first)), ("qty", "2")],
        "remove_line" => [("op", J(kind)), ("line_id", J(second))],
        "replace_sku" => [("op", J(kind)), ("line_id", J(first)), ("sku", J("BASE")), ("unit_price_q", "5"), ("meta", "{}")],
        "merge_lines" => [("op", J(kind)), ("from_line_id", J(second)), ("into_line_id", J(first))],
        "set_data" => [("op", J(kind)), ("path", J("h.k")), ("value", J("v"))],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static TheoryData<string> OpKinds() => ["add_line", "set_qty", "remove_line", "replace_sku", "merge_lines", "set_data"];

    [Theory]
    [MemberData(nameof(OpKinds))]
    public async Task Modify_IsRefusedOrStoredVerbatim_ForHostileValuesInEveryOpField(string kind)
    {
        var channel = await _admin.CreateChannelAsync("hmod");
        var key = (await _admin.OpenSessionAsync(channel)).Get<string>("session_key");
        var findings = new Findings();

        foreach (var field in BaseOp(kind, "", "").Select(f => f.Name))
        {
            foreach (var literal in Values.Concat(NotJson))
            {
                // Two lines of one SKU for the op to name; merges and removals use them up.
                var before = await SessionAsync(channel, key);
                var baseLines = before.Array("items").Where(l => l.Get<string>("sku") == "BASE").ToList();
                if (baseLines.Count < 2)
                {
                    (await _admin.ModifyAsync(channel, key, Ops.AddLine("BASE", 1, 10), Ops.AddLine("BASE", 1, 10))).Expect(HttpStatusCode.OK);
                    before = await SessionAsync(channel, key);
                    baseLines = [.. before.Array("items").Where(l => l.Get<string>("sku") == "BASE")];
                }
                var (first, second) = (baseLines[0].Get<string>("line_id"), baseLines[1].Get<string>("line_id"));
                var op = Obj(With(BaseOp(kind, first, second), field, literal));
                var what = $"{kind}.{field}={Findings.Short(literal)}";

                var response = await _admin.PostRawAsync($"/api/sessions/{key}/modify", $$"""{"channel_code": {{J(channel)}}, "ops": [{{op}}]}""");

                if (!findings.Sane(response, what)) continue;
                var after = await SessionAsync(channel, key);
                var rev = (before.Get<int>("rev"), after.Get<int>("rev"));
                if ((int)response.Status >= 400)
                {
                    if (rev.Item1 != rev.Item2 || !JsonNode.DeepEquals(before["items"], after["items"]) || !JsonNode.DeepEquals(before["data"], after["data"]))
                        findings.Add($"{what}: refused ({response.ErrorCode}) but the session changed");
                    continue;
                }
                if (rev.Item2 != rev.Item1 + 1) findings.Add($"{what}: accepted but rev went {rev.Item1} → {rev.Item2}");
                CheckStored(findings, what, kind, field, literal, before, after, first);
            }
        }

        findings.AssertNone();
    }

    /// <summary>An accepted hostile value must be where the op put it, unchanged.</summary>
    private static void CheckStored(Findings findings, string what, string kind, string field, string literal, JsonNode before, JsonNode after, string first)
    {
        if (literal == "null") return;   // an optional field left out
        var sent = Parse(literal);
        var added = after.Array("items").Where(l => before.Array("items").All(b => b.Get<string>("line_id") != l.Get<string>("line_id"))).ToList();
        var target = kind switch
        {
            "add_line" => added.Count == 1 ? added[0] : null,
            "set_qty" or "replace_sku" => after.Array("items").FirstOrDefault(l => l.Get<string>("line_id") == first),
            _ => null,
        };
        switch (kind, field)
        {
            case (_, "op" or "line_id" or "from_line_id" or "into_line_id"):
                findings.Add($"{what}: accepted a value that names no op or line");
                break;
            case ("add_line" or "replace_sku", "sku" or "name" or "meta" or "unit_price_q"):
            case ("add_line" or "set_qty", "qty"):
                var stored = target?[field];
                if (!Same(sent, stored)) findings.Add($"{what}: stored as {stored?.ToJsonString() ?? "(nothing)"}");
                break;
            case ("set_data", "value"):
                if (!Same(sent, after["data"]?["h"]?["k"])) findings.Add($"{what}: data.h.k is {after["data"]?["h"]?["k"]?.ToJsonString()}");
                break;
            case ("set_data", "path"):
                var node = after["data"];
                foreach (var part in (StringOf(literal) ?? "").Split('.')) node = node?[part];
                if (!Same(JsonValue.Create("v"), node)) findings.Add($"{what}: the value at the path is {node?.ToJsonString()}");
                break;
        }
    }

    [Fact]
    public async Task Modify_IsRefusedOrHarmless_ForHostileValuesInRequestFields()
    {
        var channel = await _admin.CreateChannelAsync("hreq");
        var key = (await _admin.OpenSessionAsync(channel)).Get<string>("session_key");
        (await _admin.ModifyAsync(channel, key, Ops.AddLine("BASE", 1, 10))).Expect(HttpStatusCode.OK);
        var findings = new Findings();
        (string, string)[] request = [("channel_code", J(channel)), ("expected_rev", "null"), ("ops", """[{"op": "set_data", "path": "n", "value": 1}]""")];

        foreach (var field in new[] { "channel_code", "expected_rev", "ops" })
        {
            foreach (var literal in Values.Concat(NotJson))
            {
                var before = await SessionAsync(channel, key);
                var what = $"modify {field}={Findings.Short(literal)}";
                var response = await _admin.PostRawAsync($"/api/sessions/{key}/modify", Obj(With(request, field, literal)));
                if (!findings.Sane(response, what)) continue;
                var after = await SessionAsync(channel, key);
                var moved = after.Get<int>("rev") - before.Get<int>("rev");
                if ((int)response.Status >= 400 && moved != 0) findings.Add($"{what}: refused but rev moved by {moved}");
                if ((int)response.Status < 400 && moved != 1) findings.Add($"{what}: accepted but rev moved by {moved}");
                if ((int)response.Status < 400 && literal != "null" && field != "channel_code")
                    findings.Add($"{what}: accepted");
            }
        }

        findings.AssertNone();
    }

    [Fact]
    public async Task Commit_IsRefusedOrKeepsTheKeyVerbatim_ForHostileValues()
    {
        var channel = await _admin.CreateChannelAsync("hcom");
        var findings = new Findings();
        string? key = null;

        foreach (var field in new[] { "channel_code", "idempotency_key" })
        {
            foreach (var literal in Values.Concat(NotJson))
            {
                if (key is null)
                {
                    key = (await _admin.OpenSessionAsync(channel)).Get<string>("session_key");
                    (await _admin.ModifyAsync(channel, key, Ops.AddLine("BASE", 1, 10))).Expect(HttpStatusCode.OK);
                }
                var what = $"commit {field}={Findings.Short(literal)}";
                var body = Obj(With([("channel_code", J(channel)), ("idempotency_key", J($"idem-{Guid.NewGuid():N}"))], field, literal));

                var response = await _admin.PostRawAsync($"/api/sessions/{key}/commit", body);

                if (!findings.Sane(response, what) || (int)response.Status >= 400)
                {
                    if ((int)response.Status < 500 && (await SessionAsync(channel, key)).Get<string>("state") != "open")
                        findings.Add($"{what}: refused but the session is no longer open");
                    continue;
                }
                var orderRef = response.Json.Get<string>("order_ref");
                if (field == "channel_code" && literal != "null" && literal != J("")) findings.Add($"{what}: committed in another channel's name");
                var replay = await _admin.PostRawAsync($"/api/sessions/{key}/commit", body);
                if (field == "idempotency_key" && StringOf(literal) is { } idem && !string.IsNullOrWhiteSpace(idem)
                    && (replay.Status != HttpStatusCode.OK || replay.Json["order_ref"]?.GetValue<string>() != orderRef))
                    findings.Add($"{what}: the replay answered {(int)replay.Status} {Findings.Short(replay.Raw)}");
                findings.Sane(replay, what + " (replay)");
                key = null;
            }
        }

        findings.AssertNone();
    }

    [Fact]
    public async Task Commit_IsRefusedOrKeepsTheKey_ForHostileIdempotencyKeyHeaders()
    {
        var channel = await _admin.CreateChannelAsync("hhdr");
        var findings = new Findings();
        var headers = new[]
        {
            "'; DROP TABLE sessions;--", "{\"$where\":1}", "NaN", " ", "   x   ", "\u00e9t\u00e9", "a,b;c=d", new string('k', 65), new string('k', 500), "%00", "\\u0000",
        };
        foreach (var header in headers)
        {
            var key = (await _admin.OpenSessionAsync(channel)).Get<string>("session_key");
            (await _admin.ModifyAsync(channel, key, Ops.AddLine("BASE", 1, 10))).Expect(HttpStatusCode.OK);
            var what = $"Idempotency-Key: {Findings.Short(header)}";

            var response = await _admin.PostAsync($"/api/sessions/{key}/commit", new JsonObject { ["channel_code"] = channel },
                new Dictionary<string, string> { ["Idempotency-Key"] = header });

            if (!findings.Sane(response, what) || (int)response.Status >= 400) continue;
            var replay = await _admin.PostAsync($"/api/sessions/{key}/commit", new JsonObject { ["channel_code"] = channel },
                new Dictionary<string, string> { ["Idempotency-Key"] = header });
            if (!string.IsNullOrWhiteSpace(header) && (replay.Status != HttpStatusCode.OK
                || replay.Json["order_ref"]?.GetValue<string>() != response.Json.Get<string>("order_ref")))
                findings.Add($"{what}: the replay answered {(int)replay.Status} {Findings.Short(replay.Raw)}");
        }

        findings.AssertNone();
    }

    [Fact]
    public async Task Transition_IsRefusedOrStoredVerbatim_ForHostileValuesInEveryField()
    {
        var channel = await _admin.CreateChannelAsync("htr");
        var findings = new Findings();
        string? orderRef = null;

        foreach (var field in new[] { "status", "actor", "reason" })
        {
            foreach (var literal in Values.Concat(NotJson))
            {
                orderRef ??= await _admin.OrderInChannelAsync(channel);
                var what = $"transition {field}={Findings.Short(literal)}";
                var body = Obj(With([("status", J("confirmed")), ("actor", J("till")), ("reason", J("why"))], field, literal));
                var eventsBefore = (await _admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json.Array("events").Count;

                var response = await _admin.PostRawAsync($"/api/orders/{orderRef}/transition", body);

                if (!findings.Sane(response, what)) continue;
                var order = (await _admin.GetAsync($"/api/orders/{orderRef}")).Expect(HttpStatusCode.OK).Json;
                if ((int)response.Status >= 400)
                {
                    if (order.Get<string>("status") != "new" || order.Array("events").Count != eventsBefore)
                        findings.Add($"{what}: refused but the order changed");
                    continue;
                }
                if (field == "status" && literal != J("confirmed")) findings.Add($"{what}: accepted as a status");
                var moved = order.Array("events").LastOrDefault(e => e.Get<string>("type") == "status_changed");
                var stored = field switch
                {
                    "actor" => moved?["payload"]?["on_behalf_of"],
                    "reason" => moved?["payload"]?["reason"],
                    _ => null,
                };
                if (field != "status" && literal != "null" && !Same(Parse(literal), stored))
                    findings.Add($"{what}: stored as {stored?.ToJsonString() ?? "(nothing)"}");
                orderRef = null;
            }
        }

        findings.AssertNone();
    }

    /// <summary>Text with a lone surrogate is valid JSON but not valid Unicode; wherever it sits, the answer is a 4xx or it is kept.</summary>
    [Theory]
    [InlineData("""{"op": "set_data", "path": "coupon", "value": {"code": "\ud800"}}""")]
    [InlineData("""{"op": "set_data", "path": "coupon.code", "value": "x\udc00"}""")]
    [InlineData("""{"op": "set_data", "path": "h", "value": {"\ud800": "key"}}""")]
    [InlineData("""{"op": "set_data", "path": "h", "value": [["\ud800"]]}""")]
    [InlineData("""{"op": "add_line", "sku": "U", "qty": 1, "unit_price_q": 1, "meta": {"\udfff": 1}}""")]
    [InlineData("""{"op": "add_line", "sku": "U", "qty": 1, "unit_price_q": 1, "meta": {"k": "\ud800"}}""")]
    [InlineData("""{"op": "add_line", "sku": "U", "qty": 1, "unit_price_q": 1, "price_override": {"reason": "\ud800"}}""")]
    [InlineData("""{"op": "add_line", "\ud800": 1, "sku": "U", "qty": 1, "unit_price_q": 1}""")]
    public async Task Modify_IsNeverAServerError_WhenTextIsNotValidUnicode(string op)
    {
        var channel = await _admin.CreateChannelAsync("hutf");
        var key = (await _admin.OpenSessionAsync(channel)).Get<string>("session_key");
        var findings = new Findings();

        var response = await _admin.PostRawAsync($"/api/sessions/{key}/modify", $$"""{"channel_code": {{J(channel)}}, "ops": [{{op}}]}""");
        findings.Sane(response, op);
        if ((int)response.Status < 500)
        {
            findings.Sane(await _admin.GetAsync($"/api/sessions/{key}?channel_code={channel}"), "read after");
            findings.Sane(await _admin.ModifyAsync(channel, key, Ops.AddLine("NEXT", 1, 1)), "next modify");
            findings.Sane(await _admin.CommitAsync(channel, key), "commit after");
        }

        findings.AssertNone();
    }

    /// <summary>Hostile text where a route names a session or an order.</summary>
    [Fact]
    public async Task RouteValues_AreNeverAServerError_WhenHostile()
    {
        var channel = await _admin.CreateChannelAsync("hroute");
        var findings = new Findings();
        // A NUL cannot travel in a URL path at all (clients and Kestrel refuse it), so those stay in bodies.
        var texts = Values.Select(StringOf).OfType<string>()
            .Where(t => t.Length > 0 && !t.Contains('\0', StringComparison.Ordinal) && !t.StartsWith("invalid-utf16:", StringComparison.Ordinal)).Distinct();

        foreach (var text in texts)
        {
            var id = Uri.EscapeDataString(text);
            var what = $"route value {Findings.Short(J(text))}";
            findings.Sane(await _admin.GetAsync($"/api/sessions/{id}"), what + " GET session");
            findings.Sane(await _admin.GetAsync($"/api/sessions/{id}?channel_code={channel}"), what + " GET session in channel");
            findings.Sane(await _admin.ModifyAsync(channel, id, Ops.SetData("a", 1)), what + " modify");
            findings.Sane(await _admin.CommitAsync(channel, id), what + " commit");
            findings.Sane(await _admin.PostAsync($"/api/sessions/{id}/abandon", new JsonObject { ["channel_code"] = channel }), what + " abandon");
            findings.Sane(await _admin.GetAsync($"/api/orders/{id}"), what + " GET order");
            findings.Sane(await _admin.TransitionAsync(id, "confirmed"), what + " transition");
            findings.Sane(await _admin.GetAsync($"/api/sessions?channel_code={id}&handle_ref={id}"), what + " session filters");
            findings.Sane(await _admin.GetAsync($"/api/orders?status={id}&external_ref={id}"), what + " order filters");
            findings.Sane(await _admin.GetAsync($"/api/orders?created_after={id}&created_before={id}"), what + " order dates");
            findings.Sane(await _admin.GetAsync($"/api/orders/stream?since={id}"), what + " stream since");
            findings.Sane(await _admin.GetAsync($"/api/sessions?cursor={id}&page_size={id}"), what + " cursor");
            findings.Sane(await _admin.GetAsync($"/api/keys?cursor={id}"), what + " key cursor");
            if (!long.TryParse(text, CultureInfo.InvariantCulture, out _)) findings.Sane(await _admin.DeleteAsync($"/api/keys/{id}"), what + " revoke key");
        }

        findings.AssertNone();
        (await _admin.GetAsync("/api/sessions?page_size=1")).Expect(HttpStatusCode.OK);
        (await _admin.GetAsync("/api/orders?page_size=1")).Expect(HttpStatusCode.OK);
    }
}

public sealed class SqliteHostileInputTests(SqliteApp app) : HostileInputTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresHostileInputTests(PostgresApp app) : HostileInputTests(app), IClassFixture<PostgresApp>;
