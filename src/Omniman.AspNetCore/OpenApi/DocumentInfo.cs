using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Omniman.Access;

namespace Omniman.AspNetCore.OpenApi;

/// <summary>
/// What the document says of the whole API: its title and version, the servers (without the
/// trailing slash paths would be appended to), the bearer key as its one security scheme, and what
/// each tag groups.
/// </summary>
internal sealed class DocumentInfo : IOpenApiDocumentTransformer
{
    public const string SecurityScheme = "bearer";

    private static readonly Dictionary<string, string> Tags = new(StringComparer.Ordinal)
    {
        ["Health"] = "Whether the service and its database answer.",
        ["Channels"] = "Where orders come from and how they behave: pricing and edit policies, required checks, the order status flow.",
        ["Sessions"] = "Mutable pre-commit state (a basket, a table tab, a draft order), changed by atomic batches of ops and committed into an order exactly once.",
        ["Orders"] = "Immutable orders, moving through their channel's status flow with every move in an audit log.",
        ["Directives"] = "Durable side effects, written in the same transaction as the change that asks for them and run by the worker.",
        ["API keys"] = "Scoped keys, optionally limited to channels, with expiry and rotation.",
        ["Stock"] = "The built-in stock backend's levels.",
        ["Products"] = "The built-in pricing catalog.",
        ["Promotions"] = "Coupon codes the built-in pricing applies.",
        ["Payments"] = "Payments authorized on sessions, captured, voided and refunded on orders (docs/payments.md).",
        ["Webhooks"] = "Signed event deliveries to subscribed URLs, with their delivery log (docs/webhooks.md).",
        ["Marketplaces"] = "Orders from delivery apps (iFood) and the requests sent back to them (docs/marketplaces.md).",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Omniman API",
            Version = ProductVersion.Current,
            Description = """
                A headless omnichannel order hub: channels, sessions and their ops, idempotent commit, orders and their flows.

                Names are snake_case and read strictly (an unknown field is refused); money is an integer of minor units in fields
                ending `_q`; timestamps are ISO 8601 in UTC. Every error answers in one envelope,
                `{"error": {"code", "message", "context"}}`; each operation lists the codes it may carry under each status.
                Lists are cursor-paginated, newest first: follow `next` and `previous` as given.

                Authenticate with `Authorization: Bearer <api key>`; each operation says the scope it needs.
                """,
        };
        foreach (var server in document.Servers ?? [])
            server.Url = server.Url?.TrimEnd('/');

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SecurityScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key, sent as `Authorization: Bearer <key>` (`Token <key>` works too). Keys carry scopes ("
                + string.Join(", ", Scopes.All.Select(s => $"`{s}`")) + $"; `{Scopes.Admin}` holds every other) and may be limited to some channels.",
        };

        document.Tags = new HashSet<OpenApiTag>(
            (document.Tags ?? Enumerable.Empty<OpenApiTag>()).Select(t => new OpenApiTag { Name = t.Name, Description = Tags.GetValueOrDefault(t.Name ?? "") }));
        return Task.CompletedTask;
    }
}
