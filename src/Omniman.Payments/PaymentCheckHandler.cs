using Omniman.Directives;
using Omniman.Persistence;
using Omniman.Sessions;

namespace Omniman.Payments;

/// <summary>
/// The <c>payment</c> check after a modify: do the session's authorized payments still cover its
/// total? Written under the session's lock for the rev it was asked for; a stale one changes nothing.
/// </summary>
public sealed class PaymentCheckHandler(OmnimanDb db, IDatabaseDialect dialect, PaymentSteps steps) : IDirectiveHandler
{
    public static string Topic => PaymentDirectives.Check;

    public async Task<DirectiveOutcome> HandleAsync(Directive directive, CancellationToken ct)
    {
        var channelCode = directive.Payload["channel_code"]!.GetValue<string>();
        var sessionKey = directive.Payload["session_key"]!.GetValue<string>();
        var rev = directive.Payload["rev"]!.GetValue<int>();
        var session = await dialect.LockSessionAsync(db, channelCode, sessionKey, ct);
        // Stale: the session moved on, and the directive of its newer rev does this work.
        if (session is null || !session.IsOpen || session.Rev != rev) return DirectiveOutcome.Done;
        await steps.WriteCheckAsync(session, ct);
        return DirectiveOutcome.Done;
    }
}
