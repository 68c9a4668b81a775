using Microsoft.AspNetCore.Builder;

namespace Omniman.AspNetCore.Errors;

/// <summary>
/// The error codes an endpoint may answer besides those that follow from its shape (a key, a scope,
/// a body, query values: see <c>OpenApi/OperationAnswers</c>). The OpenAPI document declares each
/// code under the status <see cref="ErrorStatus"/> gives it.
/// </summary>
internal sealed record ErrorCodes(IReadOnlyList<string> Codes);

internal static class ErrorCodesExtensions
{
    public static TBuilder ProducesErrors<TBuilder>(this TBuilder builder, params string[] codes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ErrorCodes(codes));
}
