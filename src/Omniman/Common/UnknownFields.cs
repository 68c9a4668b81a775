using System.Text.Json;
using System.Text.Json.Nodes;

namespace Omniman.Common;

/// <summary>
/// Fields the contract does not define are refused, not ignored: a client that sends
/// <c>expectedRev</c> believes it is protected against lost updates, and would not be. The error
/// names the field and, when one is near, the field it probably meant.
/// </summary>
public static class UnknownFields
{
    /// <summary>400 <c>unknown_field</c> naming <paramref name="field"/> (its full path) and the nearest known name, if any.</summary>
    public static OmnimanException Error(string field, IEnumerable<string> known, int? opIndex = null)
    {
        var name = field[(field.LastIndexOf('.') + 1)..];
        var suggestion = Suggest(name, known);
        var context = new Dictionary<string, object> { ["field"] = field };
        if (suggestion is not null)
        {
            var prefix = field[..(field.Length - name.Length)];
            context["suggestion"] = prefix + suggestion;
        }
        if (opIndex is { } i) context["op_index"] = i;
        var message = suggestion is null
            ? $"Unknown field '{field}'."
            : $"Unknown field '{field}'; did you mean '{context["suggestion"]}'?";
        return new OmnimanException("unknown_field", message, context);
    }

    /// <summary>Throws for the first member of <paramref name="obj"/> not in <paramref name="known"/>.</summary>
    public static void Ensure(JsonObject obj, IReadOnlyCollection<string> known, string? parent = null, int? opIndex = null)
    {
        foreach (var (name, _) in obj)
        {
            if (!known.Contains(name)) throw Error(parent is null ? name : $"{parent}.{name}", known, opIndex);
        }
    }

    /// <summary>
    /// The known name <paramref name="name"/> was meant to be: its snake_case twin, the same name
    /// in another case or separator style, or one a typo or two away.
    /// </summary>
    public static string? Suggest(string name, IEnumerable<string> known)
    {
        var candidates = known.ToList();
        var snake = JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
        if (candidates.Contains(snake, StringComparer.Ordinal)) return snake;
        var squashed = Squash(name);
        if (candidates.FirstOrDefault(k => Squash(k) == squashed) is { } sameLetters) return sameLetters;
        if (name.Length < 4) return null;
        return candidates
            .Select(k => (Known: k, Distance: Distance(Squash(k), squashed)))
            .Where(c => c.Distance <= 2)
            .OrderBy(c => c.Distance)
            .Select(c => c.Known)
            .FirstOrDefault();
    }

    private static string Squash(string name) =>
        new([.. name.Where(c => c is not ('_' or '-')).Select(char.ToLowerInvariant)]);

    /// <summary>Levenshtein distance; names are short, so the plain two-row form is enough.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
