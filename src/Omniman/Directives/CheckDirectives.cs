using System.Text.Json.Nodes;
using Omniman.Channels;
using Omniman.Common;
using Omniman.Orders;
using Omniman.Sessions;

namespace Omniman.Directives;

/// <summary>The directives the kernel writes alongside a modify or a commit.</summary>
public static class CheckDirectives
{
    /// <summary>One directive per required check, stamped with the rev it must judge.</summary>
    public static IEnumerable<Directive> For(Session session, ChannelConfig config, DateTime nowUtc) =>
        config.RequiredChecksOnCommit.Select(code => For(session, config.Check(code), nowUtc));

    public static Directive For(Session session, CheckSettings check, DateTime nowUtc) =>
        Directive.Create(check.DirectiveTopic, new JsonObject
        {
            ["session_key"] = session.SessionKey,
            ["channel_code"] = session.ChannelCode,
            ["rev"] = session.Rev,
            ["check_code"] = check.Code,
            ["items"] = Json.ToNode(session.Items),
        }, nowUtc, Correlations.Session(session.ChannelCode, session.SessionKey));

    /// <summary>The check a directive runs, when it is one of <see cref="For(Session, CheckSettings, DateTime)"/>'s.</summary>
    public static string? CheckCode(Directive directive) => directive.Payload["check_code"] is JsonValue code && code.TryGetValue(out string? text) ? text : null;

    /// <summary>The channel's post-commit directives for a new order.</summary>
    public static IEnumerable<Directive> PostCommit(Order order, Session session, ChannelConfig config, DateTime nowUtc) =>
        config.PostCommitDirectives.Select(topic =>
        {
            var payload = new JsonObject
            {
                ["order_ref"] = order.Ref,
                ["channel_code"] = order.ChannelCode,
                ["session_key"] = order.SessionKey,
            };
            // The results of the checks the commit relied on, as their modules wrote them (the stock check's holds).
            var checks = new JsonObject();
            foreach (var code in config.RequiredChecksOnCommit)
            {
                if (session.CheckResult(code) is { } result) checks[code] = result;
            }
            if (checks.Count > 0) payload["checks"] = checks;
            return Directive.Create(topic, payload, nowUtc, Correlations.Order(order.Ref));
        });
}
