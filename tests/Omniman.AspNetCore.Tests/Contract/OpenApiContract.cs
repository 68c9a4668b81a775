using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Omniman.TestKit;

namespace Omniman.AspNetCore.Tests.Contract;

/// <summary>
/// The OpenAPI document as a client reads it: which operation an answer belongs to, and whether the
/// answer is one the document declares (its status, its content type, and its body by the schema),
/// checked with a JSON Schema validator that knows nothing of how the document was made.
/// </summary>
internal sealed partial class OpenApiContract
{
    private readonly JsonObject _paths;
    private readonly JsonObject _definitions;
    private readonly JsonObject _examples;
    private readonly List<(Regex Pattern, string Template, int Parameters)> _templates;
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);

    public OpenApiContract(JsonNode document)
    {
        _paths = document["paths"]!.AsObject();
        // The document's schemas as one JSON Schema resource: its references point into components, a resource's into $defs.
        var schemas = document["components"]!["schemas"]!.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
        _definitions = JsonNode.Parse(schemas)!.AsObject();
        _examples = document["components"]!["examples"]?.AsObject() ?? [];
        _templates = [.. _paths.Select(p => (Pattern(p.Key), p.Key, p.Key.Count(c => c == '{')))];
    }

    /// <summary>Every operation of the document, as <c>GET /api/orders/{ref}</c>.</summary>
    public IEnumerable<string> Operations =>
        _paths.SelectMany(p => p.Value!.AsObject().Where(m => IsMethod(m.Key)).Select(m => Name(m.Key, p.Key)));

    /// <summary>The operation an answer is to (<c>GET /api/orders/{ref}</c>), or null when the document has none for its method and path.</summary>
    public string? OperationOf(RecordedAnswer answer) =>
        Find(answer) is { } found ? Name(answer.Method.Method, found.Template) : null;

    /// <summary>What is wrong with the answer by the document; empty when it is one the document declares.</summary>
    public IReadOnlyList<string> Check(RecordedAnswer answer)
    {
        var at = $"{answer.Method} {answer.Url.PathAndQuery} → {(int)answer.Status}";
        if (Find(answer) is not { } found)
        {
            // A route the document does not list answers 404 (405 for a listed path without that method), in the envelope.
            return (int)answer.Status is 404 or 405
                ? Validate(at, """{"$ref": "#/$defs/ErrorResponse"}""", answer)
                : [$"{at}: the document has no operation for it"];
        }
        var responses = found.Operation["responses"]!.AsObject();
        var response = responses[((int)answer.Status).ToString(CultureInfo.InvariantCulture)] ?? responses["default"];
        if (response is null)
            return [$"{at}: status not declared (declared: {string.Join(", ", responses.Select(r => r.Key))})"];
        var content = response["content"]?.AsObject();
        if (answer.Body.Length == 0)
            return content is { Count: > 0 } ? [$"{at}: no body, but the document declares {string.Join(", ", content.Select(c => c.Key))}"] : [];
        if (content?[answer.ContentType ?? ""]?["schema"] is not { } schema)
            return [$"{at}: a body of {answer.ContentType ?? "no type"}, which the document does not declare for this status"];
        return Validate(at, schema.ToJsonString(), answer);
    }

    /// <summary>
    /// What is wrong with the document's examples: one that does not match the schema it illustrates,
    /// and a request body or success answer that has none.
    /// </summary>
    public IReadOnlyList<string> CheckExamples()
    {
        var problems = new List<string>();
        foreach (var (template, item) in _paths)
        foreach (var (method, operation) in item!.AsObject().Where(m => IsMethod(m.Key)))
        {
            var name = Name(method, template);
            foreach (var (type, media) in operation!["requestBody"]?["content"]?.AsObject() ?? [])
                problems.AddRange(Examples($"{name} request ({type})", media!, required: true));
            foreach (var (status, response) in operation["responses"]!.AsObject())
            foreach (var (type, media) in response!["content"]?.AsObject() ?? [])
                problems.AddRange(Examples($"{name} → {status} ({type})", media!, required: status.StartsWith('2')));
        }
        return problems;
    }

    private IEnumerable<string> Examples(string at, JsonNode media, bool required)
    {
        var schema = media["schema"]!.ToJsonString();
        var examples = (media["examples"]?.AsObject().Select(e => (e.Key, Value: Resolve(e.Value!)["value"])) ?? [])
            .Concat(media["example"] is { } one ? [("example", one)] : []).ToList();
        if (required && examples.Count == 0) return [$"{at}: no example"];
        return examples.SelectMany(e => Validate($"{at} example {e.Key}", schema, e.Value?.ToJsonString() ?? "null"));
    }

    /// <summary>An example, or the one in components.examples that it refers to.</summary>
    private JsonNode Resolve(JsonNode example) =>
        example["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith("#/components/examples/", StringComparison.Ordinal)
            ? _examples[reference["#/components/examples/".Length..]] ?? throw new InvalidOperationException($"No example at {reference}")
            : example;

    private IReadOnlyList<string> Validate(string at, string schema, RecordedAnswer answer) => Validate(at, schema, answer.Body);

    private IReadOnlyList<string> Validate(string at, string schema, string json)
    {
        JsonDocument body;
        try { body = JsonDocument.Parse(json); }
        catch (JsonException ex) { return [$"{at}: the body is not JSON ({ex.Message})"]; }
        using (body)
        {
            var results = SchemaFor(schema).Evaluate(body.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (results.IsValid) return [];
            var errors = (results.Details ?? []).Prepend(results).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({e.Key}): {e.Value}"))
                .Distinct().Take(8);
            return [$"{at}: the body does not match {schema}: {string.Join("; ", errors)}{Environment.NewLine}  body: {Shorten(json)}"];
        }
    }

    private JsonSchema SchemaFor(string schema) => _schemas.GetOrAdd(schema, s =>
    {
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = _definitions.DeepClone(),
            ["allOf"] = new JsonArray(JsonNode.Parse(s.Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal))),
        };
        return JsonSchema.FromText(root.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() },
            new Uri($"urn:omniman:contract:{_schemas.Count}:{Guid.NewGuid():N}"));
    });

    private (string Template, JsonObject Operation)? Find(RecordedAnswer answer)
    {
        var path = answer.Url.AbsolutePath;
        // A literal segment wins over a parameter: /api/orders/stream is not the order "stream".
        foreach (var (pattern, template, _) in _templates.Where(t => t.Pattern.IsMatch(path)).OrderBy(t => t.Parameters))
        {
            if (_paths[template]![answer.Method.Method.ToLowerInvariant()] is JsonObject operation) return (template, operation);
        }
        return null;
    }

    private static Regex Pattern(string template) =>
        new("^" + Parameter().Replace(Regex.Escape(template).Replace(@"\{", "{", StringComparison.Ordinal), "[^/]+") + "$");

    [GeneratedRegex(@"\{[^/}]+\}")]
    private static partial Regex Parameter();

    private static bool IsMethod(string key) => key is "get" or "put" or "post" or "delete" or "patch" or "head" or "options";

    private static string Name(string method, string template) => $"{method.ToUpperInvariant()} {template}";

    private static string Shorten(string body) => body.Length <= 600 ? body : body[..600] + "…";
}
