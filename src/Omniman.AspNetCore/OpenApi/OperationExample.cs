using Microsoft.AspNetCore.Builder;

namespace Omniman.AspNetCore.OpenApi;

/// <summary>An endpoint's example request body and success answer, as JSON, for the OpenAPI document.</summary>
internal sealed record OperationExample(string? Request, string? Response);

internal static class OperationExampleExtensions
{
    /// <summary>Documents the endpoint with an example; the contract tests check it against the endpoint's schemas.</summary>
    public static TBuilder WithExample<TBuilder>(this TBuilder builder, string? request, string? response) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new OperationExample(request, response));
}
