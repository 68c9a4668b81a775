namespace Omniman.Common;

/// <summary>
/// A broken rule of the product contract. <see cref="Code"/> is the stable machine code of the
/// error envelope (docs/api.md, Errors); the HTTP layer maps it to a status in one place.
/// </summary>
public sealed class OmnimanException : Exception
{
    public OmnimanException(string code, string message, object? context = null) : base(message)
    {
        Code = code;
        Context = context;
    }

    public OmnimanException() : this("error", "Unspecified error.") { }

    public OmnimanException(string message) : this("error", message) { }

    public OmnimanException(string message, Exception innerException) : base(message, innerException) => Code = "error";

    /// <summary>The stable error code, e.g. <c>stale_rev</c>.</summary>
    public string Code { get; }

    /// <summary>Extra machine-readable detail, serialized as the envelope's <c>context</c>.</summary>
    public object? Context { get; }

    internal static OmnimanException MissingField(string field, int? opIndex = null) =>
        new("missing_field", $"'{field}' is required.", Ctx(field, opIndex));

    internal static OmnimanException Invalid(string field, string message, int? opIndex = null) =>
        new("validation_error", message, Ctx(field, opIndex));

    internal static OmnimanException NotFound(string what, string id) =>
        new("not_found", $"{what} '{id}' was not found.");

    private static Dictionary<string, object> Ctx(string field, int? opIndex)
    {
        var context = new Dictionary<string, object> { ["field"] = field };
        if (opIndex is { } i) context["op_index"] = i;
        return context;
    }
}
