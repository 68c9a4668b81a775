using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Omniman.AspNetCore.Orders;

namespace Omniman.AspNetCore.OpenApi;

/// <summary>
/// Declares the parts the host's modules add to an order (<see cref="IOrderResponsePart"/>: the
/// payments module's <c>payments</c>) as optional properties of the order's schema.
/// </summary>
internal sealed class OrderResponseParts : IOpenApiSchemaTransformer
{
    public async Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type != typeof(OrderResponse)) return;
        await using var scope = context.ApplicationServices.CreateAsyncScope();
        foreach (var part in scope.ServiceProvider.GetServices<IOrderResponsePart>())
        {
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
            schema.Properties[part.Name] = await context.GetOrCreateSchemaAsync(part.Shape, null, cancellationToken);
        }
    }
}
