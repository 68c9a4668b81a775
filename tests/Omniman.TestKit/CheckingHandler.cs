using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Omniman.Directives;
using Omniman.Sessions;

namespace Omniman.TestKit;

/// <summary>
/// A check handler as an integration writes one: it runs in the directive's transaction and writes
/// an <c>ok</c> check named <see cref="CheckCode"/> for the payload's session and rev through
/// <see cref="WriteCheckResult"/>.
/// </summary>
public sealed class CheckingHandler(WriteCheckResult writeCheck) : IDirectiveHandler
{
    public static string Topic => "test.checking";
    public const string CheckCode = "test_check";

    public async Task<DirectiveOutcome> HandleAsync(Directive directive, CancellationToken ct)
    {
        await writeCheck.ExecuteAsync(
            new SessionRef(directive.Payload["channel_code"]!.GetValue<string>(), directive.Payload["session_key"]!.GetValue<string>()),
            new CheckOutcome(CheckCode, directive.Payload["rev"]!.GetValue<int>(), "ok", new JsonObject { ["by"] = Topic }, []), ct);
        return DirectiveOutcome.Done;
    }

    public static void Register(IServiceCollection services)
    {
        services.AddScoped<CheckingHandler>();
        services.AddSingleton(DirectiveHandlerRegistration.Of<CheckingHandler>());
    }
}
