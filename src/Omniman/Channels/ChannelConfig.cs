using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Omniman.Common;
using Omniman.Directives;
using Omniman.Orders;

namespace Omniman.Channels;

/// <summary>How a channel names and runs a pre-commit check.</summary>
public sealed record CheckSettings(string Code, string DirectiveTopic, double? HoldTtlMinutes);

/// <summary>
/// The parsed, validated form of a channel's <c>config</c> document (docs/concepts.md, Channel config). Parsing is the
/// validation: a config that parses is one the kernel can run.
/// </summary>
public sealed partial class ChannelConfig
{
    /// <summary>
    /// Check codes of Omniman's own modules (stock, payments), which a channel requires without
    /// declaring them under <c>checks</c>: their default topics (<c>stock.hold</c>, <c>payment.hold</c>) are the modules' handlers.
    /// </summary>
    public static readonly IReadOnlySet<string> BuiltInChecks = new HashSet<string>(StringComparer.Ordinal) { "stock", "payment" };

    private static readonly HashSet<string> AutoTransitionEvents =
        new(StringComparer.Ordinal) { "on_create", "on_stock_commit", "on_payment_confirm" };

    // The structured parts of a config are closed: a misspelt key there would silently fall back to a default.
    // The top level stays open, for the keys of modules and of presentation (terminology, icon).
    private static readonly string[] CheckKeys = ["directive_topic", "hold_ttl_minutes"];
    private static readonly string[] FlowKeys = ["initial_status", "transitions", "terminal_statuses", "auto_transitions"];

    /// <summary>Holds longer than a week would park stock for good; a longer TTL is a mistake in the config.</summary>
    public const double MaxHoldTtlMinutes = 7 * 24 * 60;

    private ChannelConfig() { }

    public IReadOnlyList<string> RequiredChecksOnCommit { get; private init; } = [];
    public IReadOnlyDictionary<string, CheckSettings> Checks { get; private init; } = new Dictionary<string, CheckSettings>();
    public IReadOnlyList<string> PostCommitDirectives { get; private init; } = [];
    /// <summary>Directive topics queued when an order enters a status (its initial one at creation included).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> OnStatus { get; private init; } = new Dictionary<string, IReadOnlyList<string>>();
    public OrderFlow OrderFlow { get; private init; } = OrderFlow.Default;
    public IReadOnlyDictionary<string, string> StatusMapping { get; private init; } = new Dictionary<string, string>();
    public string? Currency { get; private init; }

    public static ChannelConfig Empty { get; } = new();

    /// <summary>The settings of a required check, with the topic defaulting to <c>&lt;code&gt;.hold</c>.</summary>
    public CheckSettings Check(string code) =>
        Checks.TryGetValue(code, out var check) ? check : new CheckSettings(code, $"{code}.hold", null);

    /// <summary>Parses and validates; a problem is a 400 naming the key.</summary>
    public static ChannelConfig Parse(JsonObject? config)
    {
        if (config is null) return Empty;
        var checks = ParseChecks(config["checks"]);
        var required = StringList(config["required_checks_on_commit"], "required_checks_on_commit");
        foreach (var code in required)
        {
            if (!checks.ContainsKey(code) && !BuiltInChecks.Contains(code))
                throw Bad($"required_checks_on_commit", $"Unknown check code '{code}'.");
        }
        var flow = config["order_flow"] is { } flowNode ? ParseFlow(flowNode) : OrderFlow.Default;
        var mapping = StringMap(config["status_mapping"], "status_mapping");
        var statuses = flow.Statuses.ToHashSet(StringComparer.Ordinal);
        foreach (var (external, status) in mapping)
        {
            if (!statuses.Contains(status))
                throw Bad($"status_mapping.{external}", $"Status '{status}' is not part of the channel's order flow.");
        }
        var postCommit = StringList(config["post_commit_directives"], "post_commit_directives");
        foreach (var topic in postCommit) EnsureTopicFits(topic, "post_commit_directives");
        var onStatus = ParseOnStatus(config["on_status"], statuses);
        var currency = OptionalString(config["currency"], "currency");
        if (currency is not null && !CurrencyPattern().IsMatch(currency))
            throw Bad("currency", "'currency' is an ISO 4217 code: three capital letters.");
        return new ChannelConfig
        {
            RequiredChecksOnCommit = required,
            Checks = checks,
            PostCommitDirectives = postCommit,
            OnStatus = onStatus,
            OrderFlow = flow,
            StatusMapping = mapping,
            Currency = currency,
        };
    }

    private static Dictionary<string, CheckSettings> ParseChecks(JsonNode? node)
    {
        var result = new Dictionary<string, CheckSettings>(StringComparer.Ordinal);
        if (node is null) return result;
        if (node is not JsonObject checks) throw Bad("checks", "'checks' must be an object of check settings.");
        foreach (var (code, value) in checks)
        {
            if (value is not JsonObject settings) throw Bad($"checks.{code}", "A check's settings must be an object.");
            UnknownFields.Ensure(settings, CheckKeys, $"config.checks.{code}");
            var topic = OptionalString(settings["directive_topic"], $"checks.{code}.directive_topic") ?? $"{code}.hold";
            EnsureTopicFits(topic, $"checks.{code}.directive_topic");
            double? ttl = null;
            if (settings["hold_ttl_minutes"] is { } ttlNode)
            {
                var minutes = ttlNode.GetValueKind() == JsonValueKind.Number ? ttlNode.GetValue<double>() : double.NaN;
                if (!double.IsFinite(minutes) || minutes <= 0 || minutes > MaxHoldTtlMinutes)
                    throw Bad($"checks.{code}.hold_ttl_minutes", $"'hold_ttl_minutes' is a positive number of minutes, at most {MaxHoldTtlMinutes} (a week).");
                ttl = minutes;
            }
            result[code] = new CheckSettings(code, topic, ttl);
        }
        return result;
    }

    private static Dictionary<string, IReadOnlyList<string>> ParseOnStatus(JsonNode? node, HashSet<string> statuses)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (node is null) return result;
        if (node is not JsonObject map) throw Bad("on_status", "'on_status' maps a status to a list of directive topics.");
        foreach (var (status, topics) in map)
        {
            if (!statuses.Contains(status))
                throw Bad($"on_status.{status}", $"Status '{status}' is not part of the channel's order flow.");
            var list = StringList(topics, $"on_status.{status}");
            foreach (var topic in list) EnsureTopicFits(topic, $"on_status.{status}");
            result[status] = list;
        }
        return result;
    }

    private static OrderFlow ParseFlow(JsonNode node)
    {
        if (node is not JsonObject flow) throw Bad("order_flow", "'order_flow' must be an object.");
        UnknownFields.Ensure(flow, FlowKeys, "config.order_flow");
        var transitions = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (flow["transitions"] is { } tnode)
        {
            if (tnode is not JsonObject tobj) throw Bad("order_flow.transitions", "'transitions' must map a status to a list of statuses.");
            foreach (var (from, targets) in tobj)
                transitions[from] = StringList(targets, $"order_flow.transitions.{from}");
        }
        else
        {
            foreach (var (from, targets) in OrderFlow.Default.Transitions) transitions[from] = targets;
        }
        var terminal = flow["terminal_statuses"] is { } term
            ? StringList(term, "order_flow.terminal_statuses")
            : OrderFlow.Default.TerminalStatuses.ToList();
        foreach (var status in terminal)
        {
            if (transitions.TryGetValue(status, out var outgoing) && outgoing.Count > 0)
                throw Bad("order_flow.terminal_statuses", $"Terminal status '{status}' has outgoing transitions.");
        }
        var initial = OptionalString(flow["initial_status"], "order_flow.initial_status") ?? OrderFlow.Default.InitialStatus;
        var auto = StringMap(flow["auto_transitions"], "order_flow.auto_transitions");
        var candidate = new OrderFlow(initial, transitions, terminal, auto);
        if (candidate.Statuses.FirstOrDefault(s => !Text.Fits(s, Order.MaxStatusLength)) is { } tooLong)
            throw Bad("order_flow", $"Status '{tooLong}' is longer than {Order.MaxStatusLength} characters (Unicode code points).");
        // The statuses the flow names besides initial_status itself, which must be one of them.
        var known = transitions.Keys.Concat(transitions.Values.SelectMany(v => v)).Concat(terminal).ToHashSet(StringComparer.Ordinal);
        if (!known.Contains(initial))
            throw Bad("order_flow.initial_status", $"Initial status '{initial}' is not part of the flow.");
        foreach (var (evt, target) in auto)
        {
            if (!AutoTransitionEvents.Contains(evt))
                throw Bad($"order_flow.auto_transitions.{evt}", $"Unknown auto-transition event '{evt}'.");
            if (!known.Contains(target))
                throw Bad($"order_flow.auto_transitions.{evt}", $"Status '{target}' is not part of the flow.");
        }
        // on_create runs on every commit from the initial status: a move the flow forbids would make every commit fail.
        if (auto.TryGetValue("on_create", out var onCreate) && onCreate != initial && !candidate.Allows(initial, onCreate))
            throw Bad("order_flow.auto_transitions.on_create", $"The flow does not allow '{initial}' → '{onCreate}'.");
        return candidate;
    }

    private static List<string> StringList(JsonNode? node, string key)
    {
        if (node is null) return [];
        if (node is not JsonArray array) throw Bad(key, $"'{key}' must be a list of strings.");
        var result = new List<string>(array.Count);
        foreach (var item in array)
        {
            if (item is null || item.GetValueKind() != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetValue<string>()))
                throw Bad(key, $"'{key}' must be a list of non-empty strings.");
            result.Add(item.GetValue<string>());
        }
        return result;
    }

    private static Dictionary<string, string> StringMap(JsonNode? node, string key)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is null) return result;
        if (node is not JsonObject obj) throw Bad(key, $"'{key}' must be an object of strings.");
        foreach (var (name, value) in obj)
        {
            if (value is null || value.GetValueKind() != JsonValueKind.String)
                throw Bad($"{key}.{name}", $"'{key}.{name}' must be a string.");
            result[name] = value.GetValue<string>();
        }
        return result;
    }

    private static string? OptionalString(JsonNode? node, string key)
    {
        if (node is null) return null;
        if (node.GetValueKind() != JsonValueKind.String) throw Bad(key, $"'{key}' must be a string.");
        return node.GetValue<string>();
    }

    // Topics are stored on directive rows; one that does not fit would fail every modify or commit.
    private static void EnsureTopicFits(string topic, string key)
    {
        if (!Text.Fits(topic, Directive.MaxTopicLength))
            throw Bad(key, $"Directive topic '{topic}' is longer than {Directive.MaxTopicLength} characters (Unicode code points).");
    }

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();

    private static OmnimanException Bad(string key, string message) =>
        new("validation_error", $"Invalid channel config: {message}", new { field = "config", key });
}
