using System.Collections.Concurrent;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Omniman.Common;

namespace Omniman.AspNetCore.Paging;

/// <summary>A page of a list: <c>{"results", "next", "previous"}</c> (docs/api.md, Conventions).</summary>
public sealed record CursorPage<T>(IReadOnlyList<T> Results, string? Next, string? Previous);

/// <summary>
/// Keyset pagination over the id, newest first. A cursor names the id to continue from, so pages
/// stay stable under concurrent inserts and cost the same at any depth (no OFFSET).
/// </summary>
internal static class Keyset
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;

    public static Task<CursorPage<TOut>> PageAsync<T, TOut>(this IQueryable<T> query, Expression<Func<T, long>> id,
        HttpRequest request, Func<T, TOut> map, CancellationToken ct) => query.PageAsync(id, request, null, map, ct);

    /// <summary>A page whose rows <paramref name="complete"/> fills in, before they are mapped, with what the page's query leaves out.</summary>
    public static async Task<CursorPage<TOut>> PageAsync<T, TOut>(this IQueryable<T> query, Expression<Func<T, long>> id,
        HttpRequest request, Func<List<T>, CancellationToken, Task>? complete, Func<T, TOut> map, CancellationToken ct)
    {
        var size = PageSize(request);
        var cursor = Cursor.Parse(request.Query["cursor"]);
        var idOf = IdReader<T>.For(id);
        List<T> rows;
        if (cursor is { Backward: true })
        {
            rows = await query.Where(Compare(id, cursor.Id, ExpressionType.GreaterThan)).OrderBy(id).Take(size + 1).ToListAsync(ct);
            var more = rows.Count > size;
            rows = [.. rows.Take(size).Reverse()];
            if (complete is not null) await complete(rows, ct);
            return new([.. rows.Select(map)],
                rows.Count > 0 ? Link(request, new Cursor(false, idOf(rows[^1]))) : null,
                more ? Link(request, new Cursor(true, idOf(rows[0]))) : null);
        }
        var filtered = cursor is null ? query : query.Where(Compare(id, cursor.Id, ExpressionType.LessThan));
        rows = await filtered.OrderByDescending(id).Take(size + 1).ToListAsync(ct);
        var hasNext = rows.Count > size;
        rows = [.. rows.Take(size)];
        if (complete is not null) await complete(rows, ct);
        return new([.. rows.Select(map)],
            hasNext ? Link(request, new Cursor(false, idOf(rows[^1]))) : null,
            cursor is not null && rows.Count > 0 ? Link(request, new Cursor(true, idOf(rows[0]))) : null);
    }

    public static int PageSize(HttpRequest request)
    {
        var raw = request.Query["page_size"].ToString();
        if (raw.Length == 0) return DefaultPageSize;
        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size < 1)
            throw OmnimanException.Invalid("page_size", $"page_size is a whole number from 1 to {MaxPageSize}.");
        return Math.Min(size, MaxPageSize);
    }

    /// <summary>
    /// The compiled id getters of <typeparamref name="T"/>, one per member: compiling the
    /// expression on every page cost a tenth of the server's CPU under a list-heavy load.
    /// </summary>
    private static class IdReader<T>
    {
        private static readonly ConcurrentDictionary<MemberInfo, Func<T, long>> Compiled = new();

        public static Func<T, long> For(Expression<Func<T, long>> id) => id.Body is MemberExpression { Expression: ParameterExpression } member
            ? Compiled.GetOrAdd(member.Member, static (_, id) => id.Compile(), id)
            : throw new ArgumentException("A page's id is a property of its row, such as o => o.Id.", nameof(id));
    }

    private static Expression<Func<T, bool>> Compare<T>(Expression<Func<T, long>> id, long value, ExpressionType op)
    {
        // Through a closure so the bound is a SQL parameter, not a literal baked into the plan.
        Expression<Func<long>> bound = () => value;
        return Expression.Lambda<Func<T, bool>>(Expression.MakeBinary(op, id.Body, bound.Body), id.Parameters);
    }

    private static string Link(HttpRequest request, Cursor cursor)
    {
        var query = request.Query.Where(q => q.Key != "cursor")
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .Append(new("cursor", cursor.Encode()));
        return QueryHelpers.AddQueryString(UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, request.Path), query);
    }

    private sealed record Cursor(bool Backward, long Id)
    {
        public string Encode() => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes((Backward ? "p:" : "n:") + Id.ToString(CultureInfo.InvariantCulture)));

        public static Cursor? Parse(string? raw)
        {
            if (string.IsNullOrEmpty(raw)) return null;
            try
            {
                var text = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(raw));
                if (text.Length > 2 && (text[0] == 'n' || text[0] == 'p') && text[1] == ':'
                    && long.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                    return new Cursor(text[0] == 'p', id);
            }
            catch (FormatException)
            {
                // falls through to the error below
            }
            throw OmnimanException.Invalid("cursor", "The cursor is not one this API handed out.");
        }
    }
}
