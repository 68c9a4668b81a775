using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Omniman.AspNetCore.Auth;
using Omniman.AspNetCore.Errors;
using Omniman.AspNetCore.Paging;

namespace Omniman.AspNetCore.OpenApi;

/// <summary>
/// What each operation needs and may answer, read from its endpoint: the bearer key and its scope,
/// the paging query values, the request body as a client sends it, and every error status with the
/// codes it may carry (docs/api.md, Errors). Codes that follow from the endpoint's shape are added
/// here; the rest are the endpoint's own (<see cref="ErrorCodes"/>).
/// </summary>
internal sealed class OperationAnswers : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var codes = DescribeKey(operation, context.Document, metadata);
        if (AddPaging(operation, metadata) || description.ParameterDescriptions.Any(p => p.Source == BindingSource.Query || p.Source == BindingSource.Header))
            codes.Add("validation_error");

        if (description.ParameterDescriptions.FirstOrDefault(p => p.Source == BindingSource.Body) is { } body && operation.RequestBody is OpenApiRequestBody request)
        {
            DescribeBody(request, JsonTypes(context).GetTypeInfo(body.Type));
            codes.AddRange(["validation_error", "unknown_field", "payload_too_large", "unsupported_media_type"]);
        }

        codes.AddRange(metadata.OfType<ErrorCodes>().SelectMany(c => c.Codes));
        // The rate limiter guards every route under /api, and any request may meet the unexpected.
        if (description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true) codes.Add("rate_limited");
        codes.Add("internal_error");
        await AddErrorResponsesAsync(operation, context, codes, cancellationToken);
    }

    /// <summary>The key the operation needs and the scope, or that it needs none; the codes that follow.</summary>
    private static List<string> DescribeKey(OpenApiOperation operation, OpenApiDocument? document, IList<object> metadata)
    {
        if (!metadata.OfType<IAuthorizeData>().Any() || metadata.OfType<IAllowAnonymous>().Any())
        {
            // An empty requirement: the operation needs no key, said rather than left out.
            operation.Security = [new OpenApiSecurityRequirement()];
            operation.Description = Paragraphs(operation.Description, "Needs no API key.");
            return [];
        }
        var scope = ScopeAuthorization.RequiredScope(metadata);
        operation.Security =
        [
            new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(DocumentInfo.SecurityScheme, document)] = scope is null ? [] : [scope],
            },
        ];
        operation.Description = Paragraphs(operation.Description,
            scope is null ? "Needs an API key, with any scope." : $"Needs an API key with the `{scope}` scope (`admin` holds every scope).");
        return scope is null ? ["unauthorized"] : ["unauthorized", "forbidden"];
    }

    /// <summary>The paging query values a list reads (<see cref="PagingParameters"/>); false when it reads none.</summary>
    private static bool AddPaging(OpenApiOperation operation, IList<object> metadata)
    {
        if (metadata.OfType<PagingParameters>().FirstOrDefault() is not { } paging) return false;
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = "page_size", In = ParameterLocation.Query,
            Description = $"How many to answer: {Keyset.DefaultPageSize} unless given, at most {Keyset.MaxPageSize} (larger values are capped).",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1" },
        });
        if (paging.Cursor)
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "cursor", In = ParameterLocation.Query,
                Description = "Where the page starts; follow a page's `next` or `previous` link rather than making one.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
        return true;
    }

    /// <summary>
    /// The body as a client sends it: the object itself, not "the object or null" as the handler's
    /// nullable parameter reads; and required when its type has a field that is.
    /// </summary>
    private static void DescribeBody(OpenApiRequestBody request, JsonTypeInfo type)
    {
        foreach (var media in request.Content?.Values ?? [])
        {
            if (media.Schema is OpenApiSchema { OneOf: { Count: 2 } oneOf } && oneOf.FirstOrDefault(s => s is OpenApiSchemaReference) is { } reference)
                media.Schema = reference;
        }
        request.Required = RequestFields.HasRequired(type);
    }

    private static async Task AddErrorResponsesAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, List<string> codes,
        CancellationToken ct)
    {
        var envelope = await EnvelopeAsync(context, ct);
        var document = context.Document!;
        operation.Responses ??= [];
        foreach (var status in codes.Distinct(StringComparer.Ordinal).GroupBy(ErrorStatus.For).OrderBy(g => g.Key))
        {
            var key = status.Key.ToString(CultureInfo.InvariantCulture);
            operation.Responses[key] = new OpenApiResponse
            {
                Description = $"{ReasonPhrases.GetReasonPhrase(status.Key)}: " + string.Join(", ", status.Select(c => $"`{c}`")) + ".",
                Headers = status.Key == 429 ? RetryAfter : null,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = envelope, Examples = ErrorExamples.For(status, document) },
                },
            };
        }
    }

    /// <summary>The envelope's schema, made a component once, so every error response refers to the one shape.</summary>
    private static async Task<IOpenApiSchema> EnvelopeAsync(OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        const string name = nameof(ErrorResponse);
        var document = context.Document ?? throw new InvalidOperationException("An operation is transformed within its document.");
        if (document.Components?.Schemas?.ContainsKey(name) != true)
            document.AddComponent(name, await context.GetOrCreateSchemaAsync(typeof(ErrorResponse), null, ct));
        return new OpenApiSchemaReference(name, document);
    }

    private static Dictionary<string, IOpenApiHeader> RetryAfter => new()
    {
        ["Retry-After"] = new OpenApiHeader
        {
            Description = "Seconds to wait before trying again.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
        },
    };

    private static JsonSerializerOptions JsonTypes(OpenApiOperationTransformerContext context) =>
        context.ApplicationServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;

    private static string Paragraphs(string? first, string second) => string.IsNullOrEmpty(first) ? second : first + "\n\n" + second;
}
