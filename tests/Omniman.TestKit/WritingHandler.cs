using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omniman.Directives;
using Omniman.Persistence;

namespace Omniman.TestKit;

/// <summary>
/// A handler that writes in the directive's transaction: it saves a <c>test.written</c> directive
/// naming its own and, as the payload says, first bumps its row's attempt count as a second
/// worker's claim would after a lapsed lease (<c>taken_over</c>), or throws after saving (<c>fail</c>).
/// </summary>
public sealed class WritingHandler(OmnimanDb db, TimeProvider clock) : IDirectiveHandler
{
    public static string Topic => "test.writing";
    public const string WrittenTopic = "test.written";

    public async Task<DirectiveOutcome> HandleAsync(Directive directive, CancellationToken ct)
    {
        if (directive.Payload["taken_over"]?.GetValue<bool>() == true)
            await db.Directives.Where(d => d.Id == directive.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.Attempts, d => d.Attempts + 1), ct);
        db.Directives.Add(Directive.Create(WrittenTopic, new JsonObject { ["of"] = directive.Id }, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(ct);
        if (directive.Payload["fail"]?.GetValue<bool>() == true) throw new InvalidOperationException("failed after writing");
        return ScriptedOutcome.From(directive.Payload, directive.Attempts);
    }

    public static void Register(IServiceCollection services)
    {
        services.AddScoped<WritingHandler>();
        services.AddSingleton(DirectiveHandlerRegistration.Of<WritingHandler>());
    }
}
