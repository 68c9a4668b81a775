using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Scalar.AspNetCore;

namespace Omniman.AspNetCore.OpenApi;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and the reference page that reads it at <c>/scalar</c>, both without a key.</summary>
internal static class ApiReference
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string PagePath = "/scalar";

    public static IServiceCollection AddOmnimanOpenApi(this IServiceCollection services) => services.AddOpenApi(o =>
    {
        o.AddDocumentTransformer(new DocumentInfo());
        o.AddOperationTransformer(new OperationAnswers());
        o.AddOperationTransformer(new OperationExamples());
        o.AddSchemaTransformer(new WireSchemas());
        o.AddSchemaTransformer(new OrderResponseParts());
    });

    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(DocumentPath).AllowAnonymous();
        // The page offers the document's bearer scheme: paste a key once and every "Send" carries it. It calls no
        // outside service: the AI chat and MCP hosted elsewhere are off, as is the toolbar that advertises them.
        app.MapScalarApiReference(PagePath, o => o
                .WithTitle("Omniman API")
                .WithOpenApiRoutePattern(DocumentPath)
                .AddPreferredSecuritySchemes(DocumentInfo.SecurityScheme)
                .DisableAgent()
                .DisableMcp()
                .HideDeveloperTools())
            .AllowAnonymous();
        return app;
    }
}
