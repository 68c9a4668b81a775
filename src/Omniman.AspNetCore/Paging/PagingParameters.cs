using Microsoft.AspNetCore.Builder;

namespace Omniman.AspNetCore.Paging;

/// <summary>
/// The query values a list reads through <see cref="Keyset"/> rather than its handler's parameters
/// (docs/api.md, Conventions): <c>page_size</c>, and <c>cursor</c> when it pages by cursor. The
/// OpenAPI document declares them from this.
/// </summary>
internal sealed record PagingParameters(bool Cursor);

internal static class PagingParametersExtensions
{
    public static TBuilder Paged<TBuilder>(this TBuilder builder, bool cursor = true) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new PagingParameters(cursor));
}
